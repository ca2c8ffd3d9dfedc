/**
 * The one-pass byte scan (unicorn-fast.ts + analyses/unicorn/compact-index.ts) against the
 * general path (createIndexPass + emitUnicornRows, `engine: 'general'`): the five TSVs must be
 * byte-identical on every input — the golden fixture, emulator data (several mailboxes
 * interleaved, ascending and descending), and a seeded generator of awkward records (quotes,
 * tabs, newlines, backslashes, `;`, emoji, RTL, control characters, non-string values, moves
 * with id changes, hints, duplicate deliveries, Exchange-side reads, odd timestamps) — also when
 * the scratch files spill to disk, the by-item table is built in many small windows and the CSV
 * is read in chunks of a few hundred bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runUnicorn } from '../../src/case/report/unicorn.js';
import { UNICORN_TABLES } from '../../src/analyses/unicorn/unicorn-tables.js';
import { generateScenarioChunks } from '../../src/emulator/index.js';
import type { Activity } from '../../src/sources/activities-api/activity.js';
import { CrowdStrikeCsvWriter } from '../../src/sources/activities-files/crowdstrike-csv-writer.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/report/small.csv');
const TABLES = Object.keys(UNICORN_TABLES) as (keyof typeof UNICORN_TABLES)[];

async function sameAsGeneral(inputs: string[], label: string): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-fast-'));
  const general = await runUnicorn({ inputs, outDir: join(dir, 'general'), title: 'x', engine: 'general' });
  const fast = await runUnicorn({ inputs, outDir: join(dir, 'fast'), title: 'x' });
  assert.ok(
    fast.modes.every((m) => m === 'fast'),
    `${label}: the fast path was used`,
  );
  const tiny = await runUnicorn({
    inputs,
    outDir: join(dir, 'tiny'),
    title: 'x',
    scratchBytes: 64,
    windowBytes: 300,
    bucketBits: 1,
    // Chunks of a few hundred bytes: records straddle them, and the per-chunk bookkeeping (the
    // next backslash, the carried partial record) is exercised at every boundary.
    chunkBytes: 301,
  });
  assert.deepEqual(fast.rows, general.rows, `${label}: row counts`);
  assert.equal(fast.events, general.events, `${label}: events`);
  assert.deepEqual(tiny.rows, general.rows);
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const g = readFileSync(join(dir, 'general', `x-${t}.tsv`), 'utf8');
    assert.equal(readFileSync(join(dir, 'fast', `x-${t}.tsv`), 'utf8'), g, `${label}: ${t}`);
    assert.equal(
      readFileSync(join(dir, 'tiny', `x-${t}.tsv`), 'utf8'),
      g,
      `${label}: ${t} (spilled, small windows, small chunks)`,
    );
    out[t] = g;
  }
  return out;
}

async function writeCsv(path: string, activities: readonly Activity[], bom = false): Promise<string> {
  const w = CrowdStrikeCsvWriter.toFile(path, { bom });
  for (const a of activities) await w.write(a);
  await w.end();
  return path;
}

test('fast path = general path on the golden fixture', async () => {
  await sameAsGeneral([FIXTURE], 'small.csv');
});

test('fast path = general path on emulator data: mailboxes interleaved, ascending, descending, two files', async () => {
  const all: Activity[] = [];
  // Two mailboxes, the weeks around the compromise (keeps the general path's runs short).
  for (const chunk of generateScenarioChunks({ seed: 7, scale: 1 }))
    for (const a of chunk.activities)
      if (a.TimeStamp >= '2018-06-01' && a.TimeStamp < '2018-06-20') all.push(a);
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-emu-'));
  const byTime = [...all].sort((a, b) =>
    a.TimeStamp < b.TimeStamp ? -1 : a.TimeStamp > b.TimeStamp ? 1 : 0,
  );
  const asc = await writeCsv(join(dir, 'asc.csv'), byTime, true);
  const r = await sameAsGeneral([asc], 'ascending');
  assert.ok(r['read-activity-by-time']!.split('\n').length > 20, 'the emulator data has reads');
  await sameAsGeneral([await writeCsv(join(dir, 'desc.csv'), [...byTime].reverse())], 'descending');
  await sameAsGeneral([await writeCsv(join(dir, 'gen.csv'), all)], 'generation order');
  const half = Math.floor(byTime.length / 2);
  await sameAsGeneral(
    [
      await writeCsv(join(dir, 'a.csv'), byTime.slice(0, half)),
      await writeCsv(join(dir, 'b.csv'), byTime.slice(half)),
    ],
    'two files',
  );
});

test('fast path = general path on awkward generated records', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-awk-'));
  for (const seed of [1, 2, 3]) {
    const path = await writeCsv(join(dir, `awk-${seed}.csv`), awkward(seed, 1500), seed === 2);
    await sameAsGeneral([path], `awkward seed ${seed}`);
  }
});

test('a dict that only parses if an escaped quote is taken for a closing one is never read that way', async () => {
  // Plain records fill the first chunks; then a ServerLogon whose CustomProperties (not what
  // Python writes) reads as a valid dict, with a ClientIP, only if the escaped quote in the value
  // 'ua\\' (one the reports do not use) ended the literal. Read correctly it is no dict at all:
  // the row is an issue (the general path's full reader), and the fast path must agree with
  // chunks of any size (the next-backslash bookkeeping is per chunk).
  const dir = mkdtempSync(join(tmpdir(), 'mt-unicorn-esc-'));
  const header =
    'TimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties';
  const plain = (i: number) =>
    `2018-06-01T10:${String(i).padStart(2, '0')}:00.000Z,Outlook,ServerLogon,,2018-06-01T10:00:00.000Z,s-${i},"{'ClientIP': '192.0.2.${i}', 'UserName': 'a@x.example', 'UserAgent': 'Outlook', 'Result': 'Success'}"`;
  const crafted = `2018-06-01T11:00:00.000Z,Outlook,ServerLogon,,2018-06-01T11:00:00.000Z,s-x,"{'Note': 'ua\\', 'ClientIP': '203.0.113.66', 'Result': 'Success'}"`;
  const csv = join(dir, 'esc.csv');
  writeFileSync(csv, [header, ...Array.from({ length: 30 }, (_, i) => plain(i)), crafted, ''].join('\n'));
  const general = await runUnicorn({
    inputs: [csv],
    outDir: join(dir, 'general'),
    title: 'x',
    engine: 'general',
  });
  const logons = readFileSync(join(dir, 'general', 'x-logon-activity.tsv'), 'utf8');
  assert.ok(!logons.includes('203.0.113.66'), 'read correctly, the crafted record yields no logon row');
  assert.equal(general.rows['logon-activity'], 30);
  for (const chunkBytes of [301, 1 << 20]) {
    const out = join(dir, `fast-${chunkBytes}`);
    await runUnicorn({ inputs: [csv], outDir: out, title: 'x', chunkBytes });
    for (const t of TABLES)
      assert.equal(
        readFileSync(join(out, `x-${t}.tsv`), 'utf8'),
        readFileSync(join(dir, 'general', `x-${t}.tsv`), 'utf8'),
        `chunks of ${chunkBytes} bytes: ${t}`,
      );
  }
});

// --- A seeded generator of awkward records ---

const TEXTS = [
  'plain',
  "it's",
  'say "hi"',
  'both \' and "',
  'tab\there',
  'new\nline',
  'cr\rlf',
  'back\\slash',
  'semi; colon, comma',
  '📎 請求書',
  'שלום עולם',
  '\u200fRTL mark',
  'bell\x07',
  '',
  ' ',
  '\\x41 not an escape',
  "''",
  '""',
  '{nested}',
  'ünïcödé',
];

function awkward(seed: number, n: number): Activity[] {
  let s = seed * 2654435761;
  const rnd = (k: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) | 0;
    return ((s >>> 0) % k) | 0;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const text = () => (rnd(3) === 0 ? pick(TEXTS) + pick(TEXTS) : pick(TEXTS));
  const items = Array.from({ length: 40 }, (_, i) => `ITEM-${i}${i % 7 === 0 ? '+/=' : ''}`);
  const imids = Array.from({ length: 30 }, (_, i) => `<m${i}@x.example>`);
  const sessions = Array.from({ length: 12 }, (_, i) => `sess-${i}`);
  const apps = ['Web', 'Outlook', 'Mobile', 'IMAP4', 'Exchange', 'POP3', ''];
  const ips = ['203.0.113.10', '185.220.101.34:4433', '[2001:DB8::1]:443', '::ffff:198.51.100.7', ' ', ''];
  const out: Activity[] = [];
  let t = Date.UTC(2018, 5, 1);
  const value = (): string | number | boolean | null => {
    const r = rnd(12);
    return r === 0 ? rnd(100) : r === 1 ? rnd(2) === 0 : r === 2 ? null : text();
  };
  for (let i = 0; i < n; i++) {
    t += rnd(5) === 0 ? 0 : rnd(90_000);
    let ts = new Date(t).toISOString();
    const odd = rnd(60);
    if (odd === 0) ts = ts.replace('.000Z', 'Z').replace(/\.\d{3}Z$/, 'Z');
    else if (odd === 1) ts = 'not a time';
    const session = rnd(15) === 0 ? '' : pick(sessions);
    const item = rnd(10) === 0 ? null : pick(items);
    const props: Record<string, string | number | boolean | null> = {};
    let type: string;
    let app = pick(apps);
    switch (rnd(12)) {
      case 0:
        type = 'ServerLogon';
        Object.assign(props, {
          Result: pick(['Success', 'Failed', 'error', 'Other', true]),
          UserName: text(),
          ClientIP: pick(ips),
          UserAgent: text(),
        });
        break;
      case 1:
        type = 'Logon';
        app = 'Web';
        Object.assign(props, { IPAddress: pick(ips), Browser: text() });
        break;
      case 2:
      case 3:
        type = 'MessageDelivered';
        app = rnd(8) === 0 ? 'Web' : 'Exchange';
        if (rnd(6)) props.Subject = value();
        props[pick(['SenderSmtpAddress', 'SenderSmtpAddress', 'SenderAddress', 'From'])] = value();
        if (rnd(6))
          props.ReceivedTime =
            rnd(8) === 0 ? value() : `6/${1 + rnd(28)}/2018 ${1 + rnd(12)}:0${rnd(10)}:00 PM`;
        if (rnd(5)) props.InternetMessageId = pick(imids);
        props.DeliveredFolderType = 'Inbox';
        break;
      case 4:
        type = pick(['MarkAsRead', 'ReplyAll', 'Reply', 'Forward', 'MessageSent']);
        if (rnd(2)) props.InternetMessageId = pick(imids);
        if (rnd(2)) props.SenderAddress = value();
        if (rnd(2)) props.ReceivedTime = value();
        if (rnd(4) === 0) props.Subject = value();
        break;
      case 5: {
        // A store Move to Deleted Items with a Delete of another item: old id → new id.
        const moved = pick(items);
        const deleted = pick(items);
        const base = {
          TimeStamp: ts,
          AppIdType: app,
          ActivityItemId: moved,
          ActivityCreationTime: ts,
          ClientSessionId: session,
        };
        out.push({
          ...base,
          ActivityIdType: pick(['Move', 'MoveFromInbox']),
          CustomProperties: cp(
            rnd(2) ? { MoveType: 'Delete' } : { TargetFolder: pick(['DeletedItems', 'Archive']) },
          ),
        });
        type = pick(['Delete', 'DeleteFromInbox']);
        out.push({
          ...base,
          ActivityItemId: rnd(6) === 0 ? moved : deleted,
          ActivityIdType: type,
          CustomProperties: cp({ DeleteType: pick(['MoveToDeletedItems', 'SoftDelete']) }),
        });
        continue;
      }
      case 6:
      case 7:
        type = pick(['ReadingPaneDisplayStart', 'ReadingPaneDisplayEnd']);
        if (rnd(3) === 0) props.Subject = text();
        break;
      case 8:
        type = pick(['SearchSuggestionsDisplay', 'SearchResult']);
        props[type === 'SearchResult' ? 'Query' : 'SuggestionStimulus'] = value();
        break;
      case 9:
        type = 'OpenedAnAttachment';
        if (rnd(2)) props.AttachmentAction = value();
        if (rnd(3) === 0) props.InternetMessageId = pick(imids);
        if (rnd(3) === 0) props.Subject = value();
        if (rnd(3) === 0) props.SenderSmtpAddress = value();
        break;
      case 10:
        type = pick(['LinkClicked', 'Flag', 'SomethingNew']);
        props.Anything = value();
        break;
      default:
        type = pick(['ReadingPaneDisplayStart', 'OpenedAnAttachment', 'SearchResult']);
        props.Query = text();
    }
    out.push({
      TimeStamp: ts,
      AppIdType: app,
      ActivityIdType: type,
      ActivityItemId: item,
      ActivityCreationTime: ts,
      ClientSessionId: session,
      CustomProperties: cp(props),
    });
  }
  return out;
}

function cp(props: Record<string, string | number | boolean | null>): Activity['CustomProperties'] {
  return Object.entries(props).map(([Name, Value]) => ({ Name, Value }));
}
