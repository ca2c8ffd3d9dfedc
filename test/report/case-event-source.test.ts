/**
 * The investigation's light read of a case (src/case/report/case-event-source.ts) gives, in
 * the same order, exactly the analysis fields of the events the store's full `readEvents`
 * rebuilds — across window boundaries, with many events of the same instant, for every mailbox
 * or one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisEvent } from '../../src/analyses/types.js';
import { readLightEvents, StringInterner } from '../../src/case/report/case-event-source.js';
import type { MailboxEvent } from '../../src/model/event.js';
import { openDuckDbStore } from '../../src/store/index.js';
import { makeEvent, RUN } from '../store/_events.js';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const analysisView = (e: MailboxEvent): AnalysisEvent => ({
  id: e.id,
  time: e.time,
  mailbox: e.mailbox,
  kind: e.kind,
  operation: e.operation,
  app: e.app,
  ip: e.ip,
  userAgent: e.userAgent,
  actor: e.actor,
  result: e.result,
  session: e.session,
  item: e.item,
  text: e.text,
  properties: e.properties,
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test('light events = the analysis fields of readEvents, in (time, id) order, across windows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-light-'));
  dirs.push(dir);
  const store = await openDuckDbStore(join(dir, 'case.duckdb'));
  const events: MailboxEvent[] = [];
  for (let i = 0; i < 300; i++) {
    // Every fifth event shares the instant of the one before it (ties ordered by id), and a
    // third of them belong to a second mailbox.
    const over = i % 5 === 1 ? { TimeStamp: events[i - 1]!.time } : {};
    events.push(makeEvent(i, { over, ...(i % 3 === 0 ? { mailbox: 'cfo@contoso.example' } : {}) }));
  }
  events.push({ ...makeEvent(7, { occurrence: 2 }), item: { sizeBytes: 12_345, folder: 'Inbox' } });
  events.push({ ...makeEvent(8, { occurrence: 1 }), text: "rule 'x'", properties: { n: 1.5, z: null } });
  const w = await store.beginWrite('r1');
  await w.addEvents(events);
  await w.commit(RUN('r1'));
  try {
    const full = (await collect(store.readEvents())).map(analysisView);
    assert.equal(full.length, events.length);
    for (const windowEvents of [7, 64, 100_000]) {
      const light = await collect(readLightEvents(store, { windowEvents, interner: new StringInterner(16) }));
      assert.equal(light.length, full.length, `window ${windowEvents}`);
      for (let i = 0; i < full.length; i++)
        assert.deepStrictEqual(light[i], full[i], `window ${windowEvents}, #${i}`);
    }
    const cfo = (await collect(store.readEvents({ mailbox: 'CFO@contoso.example' }))).map(analysisView);
    assert.ok(cfo.length > 50 && cfo.length < full.length);
    assert.deepStrictEqual(
      await collect(readLightEvents(store, { mailbox: 'CFO@contoso.example', windowEvents: 9 })),
      cfo,
    );
    // A mailbox name is a value, never SQL.
    assert.deepStrictEqual(await collect(readLightEvents(store, { mailbox: "x' OR 'a'='a" })), []);
  } finally {
    store.close();
  }
});

test('the interner returns equal strings and stays bounded', () => {
  const pool = new StringInterner(4);
  const values = Array.from({ length: 50 }, (_, i) => `value-${i % 10}`);
  for (const v of values) assert.equal(pool.intern(String(v)), v);
  assert.equal(pool.intern('value-3'), 'value-3');
});
