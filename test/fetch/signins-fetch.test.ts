/**
 * `fetch signins` against the emulator's Graph sign-in log over loopback HTTP: every sign-in of
 * every user once under faults and throttling, the beta fields by default and not with v1.0,
 * resume of missing slices, and credential hygiene.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { runFetchSignIns, type FetchSignInsOptions } from '../../src/case/fetch/signins/index.js';
import { runCommand } from '../../src/cli/run.js';
import { AUDIT_END, AUDIT_START, NO_ACTIVITIES, signIns } from './_graph-data.js';
import {
  assertEvidenceHashes,
  assertNoToken,
  graphOptions,
  keptGraphRecords,
  ledgerOf,
} from './_graph-harness.js';
import { collector, tempDir } from './_harness.js';

const TOKEN = 'signins-SECRET-95e0';
const A = 'ap.clerk@contoso.example';
const B = 'cfo@contoso.example';
const DATA = [...signIns(A, 900, 1), ...signIns(B, 240, 2), ...signIns('other@contoso.example', 60, 3)];
const WANT = DATA.filter((s) => s.userPrincipalName !== 'other@contoso.example').map((s) => s.id as string);

function options(url: string, over: Partial<FetchSignInsOptions> = {}): FetchSignInsOptions {
  return { ...graphOptions(url, TOKEN), users: [A, B], apiVersion: 'beta', pageSize: 40, ...over };
}

test('every sign-in of every user once, under 5xx, resets and 429, with the beta session fields', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { signIns: DATA },
    faults: { seed: 21, failRate: 0.15, resetRate: 0.1 },
    throttle: { limit: 30, windowSeconds: 1 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchSignIns(options(emu.url, { outDir: join(dir, 'acq') }));
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  const kept = await keptGraphRecords(r.acquisitionDir);
  const ids = kept.map((k) => k.id as string);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  assert.deepEqual([...ids].sort(), [...WANT].sort(), 'no gaps, nothing foreign');
  const lacking = kept.filter(
    (k) => typeof k.sessionId !== 'string' || typeof k.uniqueTokenIdentifier !== 'string',
  );
  assert.deepEqual(lacking, [], 'beta sign-ins carry the session fields');
  assert.equal(r.summary.uniqueRecords, WANT.length);
  assert.equal(r.summary.slices.length, 8, '2 users x 4 days');
  assert.ok(r.summary.pages.length > 8, 'slices were paged through @odata.nextLink');
  await assertEvidenceHashes(r.acquisitionDir, r.summary);
  const ledger = await ledgerOf(r.acquisitionDir);
  const statuses = new Set(ledger.filter((e) => e.type === 'request').map((e) => e.status));
  assert.ok((statuses.has(500) || statuses.has(503)) && statuses.has(null), [...statuses].join(','));
  assert.ok(
    ledger.some((e) => e.type === 'request' && /\$skiptoken=/.test(String(e.request))),
    'next links are in the ledger',
  );
  await assertNoToken(r.acquisitionDir, TOKEN, JSON.stringify(r));
});

test('429 with Retry-After: the throttled slices wait as asked and complete', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { signIns: DATA },
    // Four one-page slices start together against a limit of two requests a second.
    throttle: { limit: 2, windowSeconds: 1 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchSignIns(
    options(emu.url, {
      users: [B],
      pageSize: 1000,
      outDir: join(dir, 'acq'),
      backoff: { baseMs: 5, maxMs: 2000 },
    }),
  );
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  assert.equal(r.summary.uniqueRecords, 240);
  const throttled = (await ledgerOf(r.acquisitionDir)).filter(
    (e) => e.type === 'request' && e.status === 429,
  );
  assert.ok(throttled.length >= 2, 'two of the four first requests were throttled');
  assert.ok(throttled.every((e) => Number(e.waitMs) >= 1000 && /HTTP 429/.test(String(e.error))));
});

test('--api-version v1.0 asks the stable endpoint, whose sign-ins lack the session fields', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  // v1.0 serves interactive sign-ins only: it must be asked for exactly those.
  const r = await runFetchSignIns(
    options(emu.url, {
      outDir: join(dir, 'acq'),
      apiVersion: 'v1.0',
      users: [B],
      eventTypes: ['interactiveUser'],
    }),
  );
  assert.equal(r.summary.apiVersion, 'v1.0');
  const kept = await keptGraphRecords(r.acquisitionDir);
  assert.equal(kept.length, 240);
  assert.ok(kept.every((k) => !('sessionId' in k)));
  assert.ok(r.summary.pages.every((p) => p.request.startsWith('/v1.0/auditLogs/signIns')));
});

test('slices that failed are named (exit 3); --resume retrieves only them, keeping the others', async (t) => {
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { signIns: DATA },
    faults: { seed: 5, failRate: 0.3 },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const out = join(dir, 'acq');
  const err = collector();
  const args = ['fetch', 'signins', '--graph-url', emu.url, '--user', A, '--user', B];
  const period = ['--start', AUDIT_START, '--end', AUDIT_END, '--out', out, '--page-size', '40'];
  const code = await runCommand([...args, ...period, '--max-attempts', '1', '-q'], {
    stdout: collector().stream,
    stderr: err.stream,
    env: { OAUTH_TOKEN: TOKEN },
  });
  assert.equal(code, 3, err.text());
  const first = JSON.parse(await readFile(join(out, 'acquisition.json'), 'utf8')) as {
    missingSlices: string[];
    pages: { file: string; sha256: string }[];
  };
  assert.ok(first.missingSlices.length > 0 && first.missingSlices.length < 8);
  for (const m of first.missingSlices) assert.ok(err.text().includes(`MISSING ${m}`), m);
  const out2 = collector();
  const code2 = await runCommand([...args, ...period, '--resume', '--json'], {
    stdout: out2.stream,
    stderr: collector().stream,
    env: { OAUTH_TOKEN: TOKEN },
  });
  assert.equal(code2, 0);
  const second = JSON.parse(await readFile(join(out, 'acquisition.json'), 'utf8')) as {
    complete: boolean;
    pages: { file: string; sha256: string }[];
  };
  assert.equal(second.complete, true);
  for (const p of first.pages)
    assert.ok(
      second.pages.some((q) => q.file === p.file && q.sha256 === p.sha256),
      `${p.file} kept as it was`,
    );
  const ids = (await keptGraphRecords(out)).map((k) => k.id as string);
  assert.deepEqual([...ids].sort(), [...WANT].sort());
  await assertNoToken(out, TOKEN, out2.text(), err.text());
});

test('an app sign-in over HTTPS: Graph token from the identity provider, the test CA trusted, no secret kept', async (t) => {
  const tenant = '6f0c2b1e-4a8d-4a51-9a53-0c1a2b3c4d5e';
  const clientId = '11111111-2222-4333-8444-555555555555';
  const secret = 'app-SECRET-d41f9';
  const emu = await startEmulator({
    tls: true,
    data: NO_ACTIVITIES,
    graph: { signIns: DATA },
    identity: {
      tenantId: tenant,
      domains: ['contoso.example'],
      apps: [{ clientId, secrets: [secret], roles: { graph: ['AuditLog.Read.All'] } }],
    },
  });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const ca = join(dir, 'ca.pem');
  await writeFile(ca, emu.caCertificate!);
  const out = join(dir, 'acq');
  const err = collector();
  const code = await runCommand(
    [
      'fetch',
      'signins',
      '--graph-url',
      emu.url,
      '--user',
      B,
      '--start',
      AUDIT_START,
      '--end',
      AUDIT_END,
      '--out',
      out,
      '--tenant',
      tenant,
      '--client-id',
      clientId,
      '--authority-host',
      emu.url,
      '--ca-file',
      ca,
      '-q',
    ],
    { stdout: collector().stream, stderr: err.stream, env: { MAILTRAIL_CLIENT_SECRET: secret } },
  );
  assert.equal(code, 0, err.text());
  assert.equal((await keptGraphRecords(out)).length, 240);
  await assertNoToken(out, secret, err.text());
});
