import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openCase } from '../../src/case/index.js';
import { cli, fixture, tempDir } from './_cli.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** An acquisition directory as the retriever writes it (docs/acquisition-format.md). */
function makeAcquisition(dir: string, complete: boolean): void {
  const activities = JSON.parse(readFileSync(fixture('page.json'), 'utf8')).value as unknown[];
  const data = JSON.parse(readFileSync(fixture('dataset.json'), 'utf8')).mailboxes[
    'cfo@contoso.example'
  ] as unknown[];
  const pages = [
    { mailbox: 'ap.clerk@contoso.example', records: activities.slice(0, 4) },
    // The last record of page 1 again: the paging overlap, stored once.
    { mailbox: 'ap.clerk@contoso.example', records: activities.slice(3) },
    { mailbox: 'cfo@contoso.example', records: data },
  ];
  const entries = pages.map((p, i) => {
    const file = `pages/${p.mailbox}/0001-000${i + 1}.json.gz`;
    const body = Buffer.from(JSON.stringify({ value: p.records }));
    const gz = gzipSync(body);
    mkdirSync(join(dir, 'pages', p.mailbox), { recursive: true });
    writeFileSync(join(dir, file), gz);
    return {
      file,
      mailbox: p.mailbox,
      slice: 1,
      page: i + 1,
      request: `GET /api/v2.0/Users('${p.mailbox}')/Activities?$skip=${i}`,
      records: p.records.length,
      sha256: sha(gz),
      bodySha256: sha(body),
    };
  });
  writeFileSync(join(dir, 'ledger.jsonl'), '{"request":1}\n');
  writeFileSync(
    join(dir, 'acquisition.json'),
    JSON.stringify({
      format: 'mailtrail-activities-acquisition',
      version: 1,
      id: '20180705T120000Z-3f2a',
      tool: 'mailtrail 0.1.0',
      complete,
      query: { start: '2018-01-01T00:00:00.000Z', end: '2018-07-05T00:00:00.000Z', types: [] },
      mailboxes: [
        { mailbox: 'ap.clerk@contoso.example', complete: true, records: 8, missingSlices: [] },
        {
          mailbox: 'cfo@contoso.example',
          complete,
          records: 7,
          missingSlices: complete ? [] : ['2018-03-01/2018-04-01'],
        },
      ],
      pages: entries,
    }),
  );
}

test('an acquisition directory is copied in, registered page by page, imported, and its incompleteness flagged', async () => {
  const tmp = tempDir();
  const acq = join(tmp, 'acq');
  makeAcquisition(acq, false);
  const dir = join(tmp, 'case');
  const r = await cli(['import', '--case', dir, '--json', '-q', acq]);
  assert.equal(r.code, 0, r.stderr);
  const u = JSON.parse(r.stdout).units[0];
  assert.deepEqual(
    [u.kind, u.status, u.complete, u.records, u.inserted, u.duplicates],
    ['acquisition', 'imported', false, 15, 14, 1],
  );
  assert.match(r.stderr, /INCOMPLETE acquisition/);
  const info = JSON.parse((await cli(['case', 'info', dir, '--json'])).stdout);
  assert.equal(info.incompleteAcquisitions.length, 1);
  assert.equal(
    info.incompleteAcquisitions[0].inputs[0].incompleteMailboxes[0].mailbox,
    'cfo@contoso.example',
  );
  assert.match((await cli(['case', 'info', dir])).stdout, /INCOMPLETE acquisitions/);
  const h = await openCase(dir, { readOnly: true });
  const kinds = h.manifest.evidence.map((e) => `${e.kind} ${e.path}`).sort();
  assert.deepEqual(
    kinds,
    [
      'acquisition-meta evidence/acquisitions/20180705T120000Z-3f2a/acquisition.json',
      'acquisition-meta evidence/acquisitions/20180705T120000Z-3f2a/ledger.jsonl',
      'acquisition-page evidence/acquisitions/20180705T120000Z-3f2a/pages/ap.clerk@contoso.example/0001-0001.json.gz',
      'acquisition-page evidence/acquisitions/20180705T120000Z-3f2a/pages/ap.clerk@contoso.example/0001-0002.json.gz',
      'acquisition-page evidence/acquisitions/20180705T120000Z-3f2a/pages/cfo@contoso.example/0001-0001.json.gz',
    ]
      .map((s) => s.replace('cfo@contoso.example/0001-0001', 'cfo@contoso.example/0001-0003'))
      .sort(),
  );
  const [ev] = await h.store.all(
    "SELECT adapter, mailbox, locator->>'file' AS file, locator->>'request' AS request FROM events WHERE mailbox = 'cfo@contoso.example' LIMIT 1",
  );
  await h.close();
  assert.deepEqual(ev, {
    adapter: 'activities-api',
    mailbox: 'cfo@contoso.example',
    file: 'evidence/acquisitions/20180705T120000Z-3f2a/pages/cfo@contoso.example/0001-0003.json.gz',
    request: "GET /api/v2.0/Users('cfo@contoso.example')/Activities?$skip=2",
  });
  assert.equal((await cli(['case', 'verify', dir])).code, 0);
  // Same ids as the JSON page file of the same activities; a second import adds nothing.
  const page = JSON.parse(
    (await cli(['import', '--case', dir, '--json', '-q', fixture('page.json')])).stdout,
  );
  assert.deepEqual([page.units[0].inserted, page.units[0].duplicates], [0, 7]);
  const again = JSON.parse(
    (
      await cli([
        'import',
        '--case',
        dir,
        '--json',
        '-q',
        join(dir, 'evidence/acquisitions/20180705T120000Z-3f2a'),
      ])
    ).stdout,
  );
  assert.deepEqual([again.units[0].inserted, again.units[0].duplicates], [0, 15]);
});

test('a page that no longer matches the SHA-256 in acquisition.json is refused', async () => {
  const tmp = tempDir();
  const acq = join(tmp, 'acq');
  makeAcquisition(acq, true);
  const page = join(acq, 'pages/cfo@contoso.example/0001-0003.json.gz');
  writeFileSync(page, gzipSync(Buffer.from('{"value":[]}')));
  const r = await cli(['import', '--case', join(tmp, 'case'), acq]);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /0001-0003\.json\.gz does not match the SHA-256 recorded in acquisition\.json/);
});
