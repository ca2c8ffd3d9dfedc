import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailboxEvent } from '../../src/model/event.js';
import type { Issue } from '../../src/model/issue.js';
import { openDuckDbStore } from '../../src/store/index.js';
import { SMALL_LINE_BYTES } from '../../src/store/duckdb/staging-file.js';
import { makeEvent, RUN } from './_events.js';

const dirs: string[] = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mailtrail-staged-csv-'));
  dirs.push(d);
  return join(d, 'case.duckdb');
};

async function collect(it: AsyncIterable<MailboxEvent>): Promise<MailboxEvent[]> {
  const out: MailboxEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Text that CSV must carry verbatim: quotes, delimiters, every line break, NUL, non-ASCII. */
const NASTY = 'a "quoted", b\nc\r\nd\re\u0000f 請求書 😀 ""';

test('staged CSV keeps every value exactly: empty strings vs NULL, quotes, line breaks, NUL', async () => {
  const store = await openDuckDbStore(tmp());
  const base = makeEvent(3);
  const events: MailboxEvent[] = [
    { ...base, app: '', ip: null, userAgent: NASTY, text: '' },
    {
      ...makeEvent(4),
      text: NASTY,
      item: { subject: '', folder: NASTY, sizeBytes: 0 },
      properties: { s: NASTY, empty: '', n: null, nested: { q: '"' } },
    },
  ];
  const w = await store.beginWrite('r1');
  await w.addEvents(events);
  assert.deepEqual(await w.commit(RUN('r1')), { inserted: 2, duplicates: 0, issues: 0 });
  const back = await collect(store.readEvents());
  const byId = new Map(back.map((e) => [e.id, e]));
  for (const e of events) assert.deepStrictEqual(byId.get(e.id), e);
  assert.deepEqual(await store.all("SELECT count(*) AS n FROM events WHERE app = '' AND ip IS NULL"), [
    { n: 1 },
  ]);
  store.close();
});

test('an event longer than the CSV reader buffer is stored whole (larger buffer for its batch)', async () => {
  const store = await openDuckDbStore(tmp());
  const long = 'x'.repeat(SMALL_LINE_BYTES + 4096) + '"\n' + 'é'.repeat(300_000);
  const events = [{ ...makeEvent(1), text: long }, makeEvent(2)];
  const w = await store.beginWrite('r1');
  await w.addEvents(events);
  await w.addIssues([
    {
      code: 'x.long',
      severity: 'error',
      message: 'a long raw row',
      locator: { file: 'f.csv', row: 9 },
      raw: long,
    },
  ]);
  assert.deepEqual(await w.commit(RUN('r1')), { inserted: 2, duplicates: 0, issues: 1 });
  const back = await collect(store.readEvents());
  assert.equal(back.find((e) => e.id === events[0]!.id)?.text, long);
  assert.deepEqual(await store.all('SELECT length(raw) AS n, "row" FROM issues'), [
    { n: long.length, row: 9 },
  ]);
  // The write restored the store's memory limit.
  assert.deepEqual(await store.all("SELECT current_setting('memory_limit') AS m"), [{ m: '122.0 MiB' }]);
  store.close();
});

test('lone UTF-16 surrogates are stored as U+FFFD and reported; issues keep their text', async () => {
  const store = await openDuckDbStore(tmp());
  const lossy: string[] = [];
  const plain = { ...makeEvent(1), text: 'before \ud800 after' };
  const inProps = { ...makeEvent(2), properties: { q: 'x\udc00y' } };
  const fine = { ...makeEvent(3), text: 'pair 😀 and \\ud800 typed as text' };
  const w = await store.beginWrite('r1', { onLossy: (e) => lossy.push(e.id) });
  await w.addEvents([plain, inProps, fine]);
  const issue: Issue = {
    code: 'x.bad',
    severity: 'warning',
    message: 'message with "quotes", a comma\nand a line break',
    locator: { file: 'f.csv', row: 2, column: 'Text' },
    raw: 'raw \udbff row\r\n',
  };
  await w.addIssues([issue]);
  await w.commit(RUN('r1'));
  assert.deepEqual(lossy.sort(), [plain.id, inProps.id].sort());
  const back = new Map((await collect(store.readEvents())).map((e) => [e.id, e]));
  assert.equal(back.get(plain.id)?.text, 'before \ufffd after');
  assert.deepEqual(back.get(inProps.id)?.properties, { q: 'x\ufffdy' });
  assert.deepStrictEqual(back.get(fine.id), fine);
  assert.deepEqual(
    await store.all(
      'SELECT code, severity, message, file, "row", column_name, locator::VARCHAR AS l, raw FROM issues',
    ),
    [
      {
        code: 'x.bad',
        severity: 'warning',
        message: issue.message,
        file: 'f.csv',
        row: 2,
        column_name: 'Text',
        l: JSON.stringify(issue.locator),
        raw: 'raw \ufffd row\r\n',
      },
    ],
  );
  store.close();
});
