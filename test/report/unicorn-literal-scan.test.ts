/**
 * The native-search skip of Python str literals (skipUnescapedLiteral) against the byte loop it
 * stands in for (skipLiteral): on any span without a backslash both must find the same end, or
 * both refuse, for every quote style, with and without CSV-doubled quotes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as scan from '../../src/case/report/unicorn-literal-scan.js';

/** A small deterministic generator (no Math.random: failures must reproduce). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  "'",
  '"',
  '""',
  ',',
  ': ',
  ' ',
  'a',
  'Zz',
  'é',
  '請求',
  '📎',
  '\t',
  '\n',
  '\r',
  '\u0001',
  '}',
  '{',
];

function outcome(skip: typeof scan.skipLiteral, buf: Buffer, i: number, e: number, dq: boolean) {
  const ok = skip(buf, i, e, dq);
  return ok ? { ok, start: scan.litStart, end: scan.litEnd, next: scan.litNext } : { ok };
}

test('skipUnescapedLiteral finds what skipLiteral finds wherever there is no backslash', () => {
  const next = rng(20261122);
  let compared = 0;
  let accepted = 0;
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const parts = 1 + Math.floor(next() * 12);
    for (let k = 0; k < parts; k++) text += PIECES[Math.floor(next() * PIECES.length)]!;
    // The reader always has a line feed after the bytes it holds.
    const buf = Buffer.from(`${text}\n`, 'utf8');
    const len = buf.length - 1;
    for (let i = 0; i < len; i++) {
      if (buf[i] !== 0x27 && buf[i] !== 0x22) continue;
      for (const e of [len, Math.max(i + 1, len - 2), i + 1 + Math.floor(next() * (len - i))]) {
        for (const dq of [false, true]) {
          const want = outcome(scan.skipLiteral, buf, i, e, dq);
          const got = outcome(scan.skipUnescapedLiteral, buf, i, e, dq);
          assert.deepEqual(got, want, `${JSON.stringify(text)} at ${i}, end ${e}, dq ${dq}`);
          compared++;
          if (want.ok) accepted++;
        }
      }
    }
  }
  assert.ok(compared > 10_000, `compared ${compared}`);
  assert.ok(accepted > 1_000, `accepted ${accepted}`);
});

test('a dict is read the same with and without the no-backslash promise', async () => {
  const { PropSlots, ALL_PROPS, PROP } = await import('../../src/case/report/unicorn-props.js');
  const dicts = [
    `{'Subject': 'Invoice, "final"', 'SenderSmtpAddress': 'a@b.example', 'Other': 'x: y', 'ReceivedTime': '1/8/2018 12:03:41 AM'}`,
    `{'Subject': ""It's due"", 'Query': 'wire', 'Flag': True, 'Count': 3, 'None': None}`,
    `{'Subject': 'unterminated, 'X': 'y'}`,
    `{'Subject': '', 'ClientIP': '185.220.101.34'}`,
  ];
  for (const dict of dicts) {
    for (const dq of [false, true]) {
      const text = dq ? dict.replace(/"/g, '""') : dict.replace(/""/g, '"');
      const buf = Buffer.from(`${text}\n`, 'utf8');
      const values = (noBackslash: boolean) => {
        const p = new PropSlots();
        try {
          p.read(buf, 0, buf.length - 1, dq, ALL_PROPS, noBackslash);
        } catch (err) {
          return (err as Error).name;
        }
        return Object.values(PROP).map((slot) => p.string(buf, slot));
      };
      assert.deepEqual(values(true), values(false), text);
    }
  }
});
