/**
 * `fetch signins --event-types` against the emulator over loopback HTTP: the default retrieves
 * interactive and non-interactive user sign-ins and records that it did, `interactiveUser` alone
 * retrieves only those, v1.0 refuses anything but interactive sign-ins (exit 2, nothing
 * written), and imported token refreshes keep the session id of the session they refresh — on
 * synthetic data and on the BEC scenario, where they include the intruder's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scenarioTruth, startEmulator } from '../../src/emulator/index.js';
import { runFetchSignIns } from '../../src/case/fetch/signins/index.js';
import { openCase } from '../../src/case/open-case.js';
import { runCommand } from '../../src/cli/run.js';
import { eventId } from '../../src/model/ids.js';
import { AUDIT_END, AUDIT_START, NO_ACTIVITIES, signIns } from './_graph-data.js';
import { assertNoToken, graphOptions, keptGraphRecords, ledgerOf } from './_graph-harness.js';
import { collector, tempDir } from './_harness.js';

const TOKEN = 'evtypes-SECRET-7c21';
const A = 'ap.clerk@contoso.example';
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

type SignIn = Record<string, unknown> & {
  id: string;
  createdDateTime: string;
  sessionId: string;
  uniqueTokenIdentifier: string;
};

// 60 interactive sign-ins, each opening its own session, and the refresh of each 20 minutes on.
const INTERACTIVE: SignIn[] = (signIns(A, 60, 7) as SignIn[]).map((s, i) => ({
  ...s,
  sessionId: `5f0c1d2e-3a4b-4c5d-8e9f-${hex(i, 12)}`,
  signInEventTypes: ['interactiveUser'],
}));
const REFRESHES: SignIn[] = INTERACTIVE.map((s, i) => ({
  ...s,
  id: `0000000f-bbbb-4bbb-8ccc-${hex(i, 12)}`,
  createdDateTime: new Date(Date.parse(s.createdDateTime) + 1_200_000).toISOString(),
  isInteractive: false,
  signInEventTypes: ['nonInteractiveUser'],
  incomingTokenType: 'refreshToken',
  uniqueTokenIdentifier: `Rf3vEvKUUuClWlF${hex(i, 7)}`,
}));
const DATA = [...INTERACTIVE, ...REFRESHES];
const ids = (xs: readonly Record<string, unknown>[]) => xs.map((x) => String(x.id)).sort();
/** The decoded `$filter` of a ledger request (path and query). */
const filterOf = (request: unknown) =>
  new URLSearchParams(String(request).split('?')[1] ?? '').get('$filter') ?? '';

async function acquisition(dir: string): Promise<{ query: { eventTypes?: string[] } }> {
  return JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as {
    query: { eventTypes?: string[] };
  };
}

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  const err = collector();
  const code = await runCommand(['fetch', 'signins', ...args, '-q'], {
    stdout: collector().stream,
    stderr: err.stream,
    env: { OAUTH_TOKEN: TOKEN },
  });
  return { code, stderr: err.text() };
}

test('by default both interactive and non-interactive sign-ins, and acquisition.json says so', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const r = await runFetchSignIns({
    ...graphOptions(emu.url, TOKEN),
    users: [A],
    apiVersion: 'beta',
    pageSize: 25,
    outDir: join(dir, 'acq'),
  });
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  assert.deepEqual(ids(await keptGraphRecords(r.acquisitionDir)), ids(DATA));
  assert.deepEqual(r.summary.query.eventTypes, ['interactiveUser', 'nonInteractiveUser']);
  assert.deepEqual((await acquisition(r.acquisitionDir)).query.eventTypes, [
    'interactiveUser',
    'nonInteractiveUser',
  ]);
  const checkpoint = JSON.parse(await readFile(join(r.acquisitionDir, 'checkpoint.json'), 'utf8')) as {
    params: { eventTypes: string[] };
  };
  assert.deepEqual(checkpoint.params.eventTypes, ['interactiveUser', 'nonInteractiveUser']);
  const requests = (await ledgerOf(r.acquisitionDir)).filter((e) => e.type === 'request');
  assert.ok(requests.length > 0);
  // One collection per type, each with Microsoft's documented one-type filter.
  const clauses = requests.map((e) => /signInEventTypes\/any\(.*\)$/.exec(filterOf(e.request))?.[0]);
  assert.deepEqual([...new Set(clauses)].sort(), [
    "signInEventTypes/any(t: t eq 'interactiveUser')",
    "signInEventTypes/any(t: t eq 'nonInteractiveUser')",
  ]);
  await assertNoToken(r.acquisitionDir, TOKEN, JSON.stringify(r));
});

test('--event-types interactiveUser retrieves the interactive sign-ins only', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const out = join(await tempDir(t), 'acq');
  const period = ['--graph-url', emu.url, '--user', A, '--start', AUDIT_START, '--end', AUDIT_END];
  const r = await cli([...period, '--out', out, '--event-types', 'interactiveUser']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ids(await keptGraphRecords(out)), ids(INTERACTIVE));
  assert.deepEqual((await acquisition(out)).query.eventTypes, ['interactiveUser']);
  // v1.0 with interactiveUser: the stable endpoint, no event-type clause (it has no such property).
  const v1 = join(await tempDir(t), 'acq');
  const r1 = await cli([...period, '--out', v1, '--api-version', 'v1.0', '--event-types', 'interactiveUser']);
  assert.equal(r1.code, 0, r1.stderr);
  assert.deepEqual(ids(await keptGraphRecords(v1)), ids(INTERACTIVE));
  assert.deepEqual((await acquisition(v1)).query.eventTypes, ['interactiveUser']);
  const requests = (await ledgerOf(v1)).filter((e) => e.type === 'request');
  assert.ok(requests.length > 0 && requests.every((e) => !filterOf(e.request).includes('signInEventTypes')));
});

test('an unfinished retrieval of an earlier version (interactive only) resumes with --event-types interactiveUser', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const out = join(await tempDir(t), 'acq');
  const period = ['--graph-url', emu.url, '--user', A, '--start', AUDIT_START, '--end', AUDIT_END];
  assert.equal((await cli([...period, '--out', out, '--event-types', 'interactiveUser'])).code, 0);
  // As the previous version left it: no event types in its parameters, nothing retrieved yet.
  const cpFile = join(out, 'checkpoint.json');
  const cp = JSON.parse(await readFile(cpFile, 'utf8')) as {
    params: Record<string, unknown>;
    slices: Record<string, Record<string, unknown>>;
  };
  delete cp.params.eventTypes;
  for (const s of Object.values(cp.slices)) {
    s.status = 'pending';
    delete s.result;
  }
  await writeFile(cpFile, JSON.stringify(cp));
  await rm(join(out, 'acquisition.json'));
  const other = await cli([...period, '--out', out, '--resume']);
  assert.equal(other.code, 2, 'the default types differ from what that retrieval asked for: a usage error');
  assert.match(other.stderr, /differs from the checkpoint.*interactiveUser/s);
  const same = await cli([...period, '--out', out, '--resume', '--event-types', 'interactiveUser']);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(ids(await keptGraphRecords(out)), ids(INTERACTIVE));
});

test("--all-users retrieves every sign-in of the tenant, a service principal's included; never with --user", async (t) => {
  const others = (signIns('cfo@contoso.example', 12, 9) as SignIn[]).map((s) => ({
    ...s,
    signInEventTypes: ['interactiveUser'],
  }));
  const { userPrincipalName: _upn, userDisplayName: _name, userId: _id, ...base } = INTERACTIVE[0]!;
  const app = {
    ...base,
    id: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    servicePrincipalName: 'nightly-backup',
    servicePrincipalId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
    signInEventTypes: ['servicePrincipal'],
  };
  const emu = await startEmulator({
    token: TOKEN,
    data: NO_ACTIVITIES,
    graph: { signIns: [...DATA, ...others, app] },
  });
  t.after(() => emu.close());
  const out = join(await tempDir(t), 'acq');
  const period = ['--graph-url', emu.url, '--start', AUDIT_START, '--end', AUDIT_END];
  const types = ['--event-types', 'interactiveUser,nonInteractiveUser,servicePrincipal'];
  const r = await cli([...period, '--all-users', ...types, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ids(await keptGraphRecords(out)), ids([...DATA, ...others, app]));
  const requests = (await ledgerOf(out)).filter((e) => e.type === 'request');
  assert.ok(
    requests.every((e) => !filterOf(e.request).includes('userPrincipalName')),
    'no user filter',
  );

  const both = await cli([...period, '--all-users', '--user', A, '--out', join(await tempDir(t), 'x')]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--all-users retrieves every user: give it without --user or --users-file/);
});

test('v1.0 with non-interactive sign-ins, or an unknown type, is a usage error (exit 2), nothing written', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const dir = await tempDir(t);
  const period = ['--graph-url', emu.url, '--user', A, '--start', AUDIT_START, '--end', AUDIT_END];
  const cases: [string[], RegExp][] = [
    [
      ['--api-version', 'v1.0', '--event-types', 'nonInteractiveUser'],
      /v1\.0 only returns interactive sign-ins/,
    ],
    [['--api-version', 'v1.0'], /v1\.0 only returns interactive sign-ins.*default --event-types/],
    [['--event-types', 'interactiveUser,bogus'], /"bogus" is not a sign-in event type.*nonInteractiveUser/],
    [['--event-types', ','], /--event-types is empty/],
  ];
  for (const [i, [extra, pattern]] of cases.entries()) {
    const out = join(dir, `acq-${i}`);
    const r = await cli([...period, '--out', out, ...extra]);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern, extra.join(' '));
    assert.equal(existsSync(out), false, `${extra.join(' ')} wrote ${out}`);
  }
  assert.equal(emu.stats().requests, 0, 'no request reached the service');
});

test('imported non-interactive sign-ins carry the session id of the session they refresh', async (t) => {
  const emu = await startEmulator({ token: TOKEN, data: NO_ACTIVITIES, graph: { signIns: DATA } });
  t.after(() => emu.close());
  const caseDir = join(await tempDir(t), 'case');
  const r = await runFetchSignIns({
    ...graphOptions(emu.url, TOKEN),
    users: [A],
    apiVersion: 'beta',
    caseDir,
  });
  assert.equal(r.imported?.newEvents, DATA.length, JSON.stringify(r.imported));
  const handle = await openCase(caseDir, { readOnly: true });
  try {
    const rows = (await handle.store.all(
      "SELECT id, operation, session_id, unique_token_id, json_extract(properties, '$.isInteractive') AS interactive FROM events WHERE adapter LIKE 'entra%'",
    )) as {
      id: string;
      operation: string;
      session_id: string;
      unique_token_id: string;
      interactive: unknown;
    }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const s of REFRESHES) {
      const row = byId.get(eventId('signin', [s.id]));
      assert.ok(row, `refresh ${s.id} imported under its usual event id`);
      assert.equal(row.operation, 'NonInteractiveUserSignInLogs');
      assert.equal(row.session_id, s.sessionId);
      assert.equal(row.unique_token_id, s.uniqueTokenIdentifier);
      assert.equal(String(row.interactive), 'false');
    }
    for (const s of INTERACTIVE) assert.equal(byId.get(eventId('signin', [s.id]))?.operation, 'SignInLogs');
  } finally {
    await handle.close();
  }
});

test("on the BEC scenario the default retrieval brings the intruder's token refreshes into the case", async (t) => {
  const truth = scenarioTruth({ seed: 1, scale: 1 });
  const audit = truth.audit!;
  const emu = await startEmulator({ token: TOKEN, scenario: { seed: 1, scale: 1 } });
  t.after(() => emu.close());
  const caseDir = join(await tempDir(t), 'case');
  const r = await runFetchSignIns({
    ...graphOptions(emu.url, TOKEN),
    users: [truth.victim],
    start: '2018-06-12T00:00:00Z',
    end: '2018-06-14T00:00:00Z',
    apiVersion: 'beta',
    caseDir,
  });
  assert.equal(r.summary.complete, true, r.summary.missingSlices.join('\n'));
  const kept = await keptGraphRecords(r.acquisitionDir);
  assert.ok(kept.some((s) => s.isInteractive === true) && kept.some((s) => s.isInteractive === false));
  const handle = await openCase(caseDir, { readOnly: true });
  try {
    const rows = (await handle.store.all(
      `SELECT id, operation, session_id, ip FROM events WHERE session_id = ?`,
      [audit.webSessionId],
    )) as { id: string; operation: string; session_id: string; ip: string }[];
    const refreshes = rows.filter((row) => row.operation === 'NonInteractiveUserSignInLogs');
    assert.deepEqual(
      refreshes.map((row) => row.id).sort(),
      audit.attackerNonInteractiveSignInIds.map((id) => eventId('signin', [id])).sort(),
    );
    assert.ok(refreshes.every((row) => row.ip === truth.attacker.webIp));
    assert.ok(
      rows.some((row) => row.operation === 'SignInLogs'),
      'and the interactive sign-in of the session',
    );
  } finally {
    await handle.close();
  }
});
