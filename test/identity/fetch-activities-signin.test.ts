/**
 * `mailtrail fetch activities` signed in with an app registration (client credentials through
 * MSAL) against the emulator over HTTPS: the retrieval completes, and neither the client secret
 * nor any access token appears in the evidence, the ledger, the run record, stdout or stderr.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCommand } from '../../src/cli/run.js';
import { makeActivities } from '../fetch/_dataset.js';
import { collector, keptRecords, listFiles } from '../fetch/_harness.js';
import {
  CERT_APP,
  SECRET,
  SECRET_APP,
  TENANT,
  VICTIM,
  startIdentityEmulator,
  writeAppCertificate,
  type IdentityFixture,
} from './_identity.js';

/** Any JWT (our access and ID tokens start with a base64url JSON header). */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/;
const DATA = { mailboxes: { [VICTIM]: makeActivities(700, 3) } };

async function everyFileText(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir)) {
    const bytes = await readFile(join(dir, f));
    out.set(f, f.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8'));
  }
  return out;
}

/** `fetch activities` of the victim into `acq`, signed in as `clientId` at the fixture's authority. */
function fetchArgs(f: IdentityFixture, acq: string, clientId: string, ...more: string[]): string[] {
  return [
    'fetch',
    'activities',
    '--base-url',
    `${f.emu.url}/api/v2.0`,
    '--user',
    VICTIM,
    '--out',
    acq,
    '--tenant',
    TENANT,
    '--client-id',
    clientId,
    '--authority-host',
    f.emu.url,
    '--ca-file',
    f.caFile,
    ...more,
  ];
}

test('fetch activities with a client secret over HTTPS keeps no secret or token anywhere', async (t) => {
  const f = await startIdentityEmulator(t, { data: DATA, faults: { seed: 4, failRate: 0.05 } });
  const out = collector();
  const err = collector();
  const acq = join(f.dir, 'acq');
  const argv = fetchArgs(f, acq, SECRET_APP, '--client-secret', SECRET, '--concurrency', '3', '--json');
  const code = await runCommand(argv, {
    stdout: out.stream,
    stderr: err.stream,
    env: {},
    argv,
  });
  assert.equal(code, 0, err.text());
  const kept = await keptRecords(acq);
  assert.equal(kept.length, 700);
  const files = await everyFileText(acq);
  assert.ok(files.has('ledger.jsonl'));
  for (const [name, text] of files) {
    assert.ok(!text.includes(SECRET), `${name} contains the client secret`);
    assert.ok(!JWT.test(text), `${name} contains a token`);
  }
  for (const [name, text] of [
    ['stdout', out.text()],
    ['stderr', err.text()],
  ] as const) {
    assert.ok(!text.includes(SECRET), `${name} contains the client secret`);
    assert.ok(!JWT.test(text), `${name} contains a token`);
  }
  const summary = JSON.parse(out.text()) as { command: string[] };
  assert.deepEqual(
    summary.command.slice(
      summary.command.indexOf('--client-secret'),
      summary.command.indexOf('--client-secret') + 2,
    ),
    ['--client-secret', '<redacted>'],
  );
  assert.ok(f.emu.identity!.stats().tokensIssued >= 1);
});

test('fetch activities with a certificate, the secret-free recommended mode', async (t) => {
  const f = await startIdentityEmulator(t, { data: DATA });
  const certificate = await writeAppCertificate(f.dir);
  const err = collector();
  const acq = join(f.dir, 'acq');
  const argv = fetchArgs(f, acq, CERT_APP, '--certificate', certificate, '-q');
  const code = await runCommand(argv, { stdout: collector().stream, stderr: err.stream, env: {}, argv });
  assert.equal(code, 0, err.text());
  assert.equal((await keptRecords(acq)).length, 700);
  const keyBody = (await readFile(certificate, 'utf8')).split('\n')[1]!;
  for (const [name, text] of await everyFileText(acq))
    assert.ok(!text.includes(keyBody), `${name} holds the key`);
});

test('a wrong client secret stops fetch activities before it writes anything, naming the AADSTS code', async (t) => {
  const f = await startIdentityEmulator(t, { data: DATA });
  const err = collector();
  const acq = join(f.dir, 'acq');
  const wrong = 'definitely-Wrong-Secret-55';
  const argv = fetchArgs(f, acq, SECRET_APP);
  const code = await runCommand(argv, {
    stdout: collector().stream,
    stderr: err.stream,
    env: { MAILTRAIL_CLIENT_SECRET: wrong },
    argv,
  });
  assert.notEqual(code, 0);
  assert.match(err.text(), /AADSTS7000215/);
  assert.ok(!err.text().includes(wrong));
  assert.deepEqual(await listFiles(f.dir).then((l) => l.filter((p) => p.startsWith('acq'))), []);
});
