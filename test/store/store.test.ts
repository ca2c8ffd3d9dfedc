import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { MailboxEvent } from '../../src/model/event.js';
import type { Instant } from '../../src/model/time.js';
import { migrate, openDuckDbStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { makeEvent, RUN } from './_events.js';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mailtrail-store-'));
  dirs.push(d);
  return join(d, 'case.duckdb');
};

async function collect(it: AsyncIterable<MailboxEvent>): Promise<MailboxEvent[]> {
  const out: MailboxEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('events read back deep-equal what was written, in (time, id) order', async () => {
  const path = tmp();
  const store = await openDuckDbStore(path);
  const events = Array.from({ length: 50 }, (_, i) => makeEvent(49 - i, { ingestId: 'run-1' }));
  events.push({
    ...makeEvent(7, { occurrence: 2 }),
    raw: null,
    item: { sizeBytes: 12345, received: '2018-06-11T15:02:11.000Z' as Instant },
  });
  events.push({
    ...makeEvent(8, { occurrence: 1 }),
    properties: { n: 1.5, b: true, z: null, arr: [1, 'a', { k: 'v' }], s: 'x\u0000y' },
  });
  const w = await store.beginWrite('run-1');
  await w.addEvents(events);
  const r = await w.commit(RUN('run-1'));
  assert.deepEqual(r, { inserted: events.length, duplicates: 0, issues: 0 });
  const back = await collect(store.readEvents());
  const expected = [...events].sort((a, b) =>
    a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1,
  );
  assert.equal(back.length, expected.length);
  for (let i = 0; i < back.length; i++) assert.deepStrictEqual(back[i], expected[i]);
  store.close();
});

test('filters: mailbox, time range (from inclusive, to exclusive), kinds', async () => {
  const store = await openDuckDbStore(tmp());
  const w = await store.beginWrite('r');
  await w.addEvents([
    ...Array.from({ length: 10 }, (_, i) => makeEvent(i)),
    makeEvent(3, { mailbox: 'other@contoso.example' }),
  ]);
  await w.commit(RUN('r'));
  assert.equal((await collect(store.readEvents({ mailbox: 'OTHER@contoso.example' }))).length, 1);
  const from = makeEvent(2).time;
  const to = makeEvent(5).time;
  const ranged = await collect(store.readEvents({ from, to, mailbox: 'ap.clerk@contoso.example' }));
  assert.deepEqual(
    ranged.map((e) => e.time),
    [makeEvent(2).time, makeEvent(3).time, makeEvent(4).time],
  );
  const logons = await collect(store.readEvents({ kinds: ['auth.logon'] }));
  assert.ok(logons.length === 2 && logons.every((e) => e.kind === 'auth.logon'));
  assert.equal((await collect(store.readEvents({ kinds: [] }))).length, 0);
  store.close();
});

test('re-committing the same events stores each once and counts duplicates', async () => {
  const store = await openDuckDbStore(tmp());
  const a = Array.from({ length: 20 }, (_, i) => makeEvent(i));
  let w = await store.beginWrite('r1');
  await w.addEvents(a);
  assert.equal((await w.commit(RUN('r1'))).inserted, 20);
  w = await store.beginWrite('r2');
  await w.addEvents([...a.slice(10), ...Array.from({ length: 5 }, (_, i) => makeEvent(100 + i))]);
  assert.deepEqual(await w.commit(RUN('r2')), { inserted: 5, duplicates: 10, issues: 0 });
  assert.deepEqual(await store.all('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events'), [
    { n: 25, d: 25 },
  ]);
  store.close();
});

test('discard leaves the store as it was; issues are stored with their run', async () => {
  const store = await openDuckDbStore(tmp());
  let w = await store.beginWrite('r1');
  await w.addEvents([makeEvent(1)]);
  await w.addIssues([
    {
      code: 'x.bad',
      severity: 'error',
      message: 'bad row',
      locator: { file: 'f.csv', row: 3, column: 'TimeStamp' },
      raw: 'oops',
    },
  ]);
  await w.discard();
  assert.deepEqual(
    await store.all(
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM issues) AS i, (SELECT count(*) FROM runs) AS r',
    ),
    [{ e: 0, i: 0, r: 0 }],
  );
  w = await store.beginWrite('r2');
  await w.addIssues([
    {
      code: 'x.bad',
      severity: 'error',
      message: 'bad row',
      locator: { file: 'f.csv', row: 3, column: 'TimeStamp' },
      raw: 'oops',
    },
  ]);
  await w.commit(RUN('r2'));
  assert.deepEqual(await store.all('SELECT run_id, code, file, "row", column_name, raw FROM issues'), [
    { run_id: 'r2', code: 'x.bad', file: 'f.csv', row: 3, column_name: 'TimeStamp', raw: 'oops' },
  ]);
  assert.equal((await store.runs())[0]?.id, 'r2');
  store.close();
});

test('a database from a newer mailtrail is refused, never misread', async () => {
  const path = tmp();
  (await openDuckDbStore(path)).close();
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  await c.run(`UPDATE meta SET value = '${SCHEMA_VERSION + 5}' WHERE key = 'schema_version'`);
  c.closeSync();
  inst.closeSync();
  for (const readOnly of [false, true]) {
    await assert.rejects(openDuckDbStore(path, { readOnly }), {
      name: 'StoreError',
      message: `[store] Case database is from a newer mailtrail (schema ${SCHEMA_VERSION + 5} > ${SCHEMA_VERSION}): upgrade mailtrail or open a copy (${path})`,
    });
  }
});

test('migrations bring an older database up to date (also when opened read-only)', async () => {
  const path = tmp();
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  assert.equal(await migrate(c, path, 1), 1);
  await c.run(
    `INSERT INTO events (id, time, mailbox, kind, operation, properties, adapter, locator, raw_sha256) VALUES ('a', '2018-01-01', 'm', 'auth.logon', 'ServerLogon', '{}', 'x', '{}', 'h')`,
  );
  c.closeSync();
  inst.closeSync();
  const store = await openDuckDbStore(path, { readOnly: true });
  assert.equal(store.schemaVersion, SCHEMA_VERSION);
  assert.deepEqual(await store.all('SELECT count(*) AS n FROM logons'), [{ n: 1 }]);
  assert.deepEqual(await store.all("SELECT value FROM meta WHERE key = 'schema_version'"), [
    { value: String(SCHEMA_VERSION) },
  ]);
  store.close();
});

test('a second open of the same database in one process is refused', async () => {
  const path = tmp();
  const store = await openDuckDbStore(path);
  await assert.rejects(openDuckDbStore(path, { readOnly: true }), /already open in this process/);
  store.close();
  (await openDuckDbStore(path, { readOnly: true })).close();
});

test('a sandboxed read-only store refuses writes and file access', async () => {
  const path = tmp();
  (await openDuckDbStore(path)).close();
  const store = await openDuckDbStore(path, { sandbox: true });
  await assert.rejects(store.stream('CREATE TABLE x (i INTEGER)'), /read-only/);
  await assert.rejects(store.stream(`COPY (SELECT 1) TO '${path}.csv'`), /disabled|Permission/);
  await assert.rejects(store.stream('SET enable_external_access = true'), /lock|configuration/i);
  store.close();
});

test('batched writes: rows are hidden until the run commits; counts and dedupe hold across batches', async () => {
  const store = await openDuckDbStore(tmp(), { env: { MAILTRAIL_IMPORT_BATCH: '7' } });
  const a = Array.from({ length: 30 }, (_, i) => makeEvent(i));
  let w = await store.beginWrite('r1');
  await w.addEvents(a);
  await assert.rejects(store.beginWrite('r-other'), /still open/);
  // Some batches are in event_rows already, but no reader sees them.
  const [phys] = await store.all('SELECT count(*) AS n FROM event_rows');
  assert.ok(Number(phys!.n) >= 7, `rows inserted before the commit: ${String(phys!.n)}`);
  assert.deepEqual(await store.all('SELECT count(*) AS n FROM events'), [{ n: 0 }]);
  assert.deepEqual(await store.all('SELECT count(*) AS n FROM logons'), [{ n: 0 }]);
  assert.equal((await collect(store.readEvents())).length, 0);
  assert.deepEqual(await w.commit(RUN('r1')), { inserted: 30, duplicates: 0, issues: 0 });
  assert.equal((await collect(store.readEvents())).length, 30);
  assert.deepEqual(await store.all('SELECT count(*) AS n FROM pending_writes'), [{ n: 0 }]);
  // Overlap with stored events and repeats inside the run, across batch boundaries.
  w = await store.beginWrite('r2', { dedupeStaged: true });
  const b = [...a.slice(20), ...Array.from({ length: 12 }, (_, i) => makeEvent(100 + i))];
  await w.addEvents([...b, ...b.slice(5)]);
  assert.deepEqual(await w.commit(RUN('r2')), { inserted: 12, duplicates: 10 + 17, issues: 0 });
  assert.deepEqual(await store.all('SELECT count(*) AS n, count(DISTINCT id) AS d FROM events'), [
    { n: 42, d: 42 },
  ]);
  // A discarded write removes the rows its batches inserted.
  w = await store.beginWrite('r3');
  await w.addEvents(Array.from({ length: 20 }, (_, i) => makeEvent(200 + i)));
  await w.discard();
  assert.deepEqual(
    await store.all(
      "SELECT (SELECT count(*) FROM event_rows) AS phys, (SELECT count(*) FROM event_rows WHERE write_id = 'r3') AS r3, " +
        '(SELECT count(*) FROM pending_writes) AS pending, (SELECT count(*) FROM events) AS e',
    ),
    [{ phys: 42, r3: 0, pending: 0, e: 42 }],
  );
  store.close();
});

test('a write cut off by a crash stays invisible and is deleted by the next writable open', async () => {
  const path = tmp();
  let store = await openDuckDbStore(path, { env: { MAILTRAIL_IMPORT_BATCH: '5' } });
  let w = await store.beginWrite('r1');
  await w.addEvents(Array.from({ length: 8 }, (_, i) => makeEvent(i)));
  await w.commit(RUN('r1'));
  // What a kill between two batches leaves (test/case/import-rollback.test.ts kills a real
  // import): the run pending, and the rows of its finished batches.
  await store.all("INSERT INTO pending_writes VALUES ('crashed', now()::TIMESTAMP)");
  w = await store.beginWrite('staging');
  await w.addEvents(Array.from({ length: 20 }, (_, i) => makeEvent(50 + i)));
  await w.commit(RUN('staging'));
  await store.all("UPDATE event_rows SET write_id = 'crashed' WHERE write_id = 'staging'");
  await store.all("DELETE FROM runs WHERE id = 'staging'");
  store.close();
  store = await openDuckDbStore(path, { readOnly: true });
  assert.deepEqual(
    await store.all(
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM event_rows) AS phys, ' +
        '(SELECT count(*) FROM pending_writes) AS pending, (SELECT count(*) FROM runs) AS runs',
    ),
    [{ e: 8, phys: 8 + 20, pending: 1, runs: 1 }],
  );
  assert.equal((await collect(store.readEvents())).length, 8);
  store.close();
  store = await openDuckDbStore(path);
  assert.deepEqual(
    await store.all(
      'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM event_rows) AS phys, ' +
        '(SELECT count(*) FROM pending_writes) AS pending',
    ),
    [{ e: 8, phys: 8, pending: 0 }],
  );
  w = await store.beginWrite('again');
  await w.addEvents(Array.from({ length: 23 }, (_, i) => makeEvent(50 + i)));
  assert.deepEqual(await w.commit(RUN('again')), { inserted: 23, duplicates: 0, issues: 0 });
  store.close();
});

test('writes to the events view are refused as read-only', async () => {
  const path = tmp();
  (await openDuckDbStore(path)).close();
  const store = await openDuckDbStore(path, { sandbox: true });
  for (const stmt of [
    'DELETE FROM events',
    "UPDATE events SET kind = 'x'",
    "INSERT INTO events (id) VALUES ('a')",
  ]) {
    await assert.rejects(store.stream(stmt), /read-only mode/, stmt);
  }
  store.close();
});
