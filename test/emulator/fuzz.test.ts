/**
 * No request can make the emulator fail: a list of hostile paths, queries and headers, plus
 * seeded random filter soups, all answered with a 4xx (or 200) and a JSON error body, never a 500.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Rng } from '../../src/emulator/prng.js';
import { ALICE_PATH, PREFER, TOKEN, startTestEmulator } from './_helpers.js';

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator({ credentials: { basic: { 'a@x': { password: 'p', mailboxes: ['a@x'] } } } });
});
after(() => emu.close());

/** A raw request (no URL normalisation), so any path bytes reach the server. */
function raw(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(emu.url);
  return new Promise((resolve, reject) => {
    // Node's client refuses spaces and non-ASCII in a path; escape just those.
    const escaped = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const req = request(
      {
        hostname,
        port,
        path: escaped,
        method,
        headers: { authorization: `Bearer ${TOKEN}`, prefer: PREFER, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const Q = (s: string) => `${ALICE_PATH}?${s}`;
const HOSTILE_PATHS = [
  '/api/v2.0/Users(%27%E0%A4%A%27)/Activities',
  "/api/v2.0/Users('a''b@x')/Activities",
  "/api/v2.0/Users('%00')/Activities",
  '/api/v2.0/Users(/Activities',
  '/api//v2.0/me/Activities',
  '/%',
  '/api/v2.0/me/Activities/../../x',
  '/' + 'a/'.repeat(500),
  '/api/v2.0/users/',
  '/api/v2.0/users/%2F/Activities',
  Q('$filter=' + '('.repeat(5000)),
  Q('$filter=' + 'not '.repeat(1000) + "(ActivityIdType eq 'A')"),
  Q('$filter=' + "ActivityIdType eq 'A' or ".repeat(300) + "ActivityIdType eq 'B'"),
  Q('$filter=' + encodeURIComponent("'" + "''".repeat(1000))),
  Q('$filter=TimeStamp ge 9999-12-31T23:59:59.9999999Z'),
  Q('$filter=TimeStamp ge 0000-01-01T00:00:00Z'),
  Q('$filter=TimeStamp ge 2018-05-01T00:00:00-14:59'),
  Q('$filter=TimeStamp ge 2018-05-01T24:00:00Z'),
  Q('$filter=%C0%AF'),
  Q('$filter=\u00e9'),
  Q('$select=' + 'Id,'.repeat(2000) + 'Id'),
  Q('$select=__proto__'),
  Q('$select=constructor'),
  Q('$top=1000&$skip=9007199254740991'),
  Q('$skip=9007199254740992'),
  Q('$top=00001'),
  Q('$orderby=TimeStamp%09desc'),
  Q('&&&=&=='),
  Q('$=1'),
  Q('%24=1'),
  Q('$filter'),
  Q('$top'),
  Q('=$top'),
];

test('hostile paths and queries never produce a 500', async () => {
  for (const path of HOSTILE_PATHS) {
    const r = await raw(path);
    assert.ok(r.status < 500, `${path.slice(0, 80)} → ${r.status} ${r.body.slice(0, 200)}`);
    if (r.status !== 200)
      assert.match(
        r.body,
        /^{"error":{"code":"[^"]+","message":"[^"]+/,
        `${path.slice(0, 80)} → ${r.status} ${r.body.slice(0, 80)}`,
      );
  }
});

test('hostile headers never produce a 500', async () => {
  for (const headers of [
    { authorization: 'Basic ' + Buffer.from('\u0000:\u0000').toString('base64') },
    { authorization: 'Basic ' + 'A'.repeat(10_000) },
    { authorization: 'Bearer ' + 'x'.repeat(10_000) },
    { authorization: 'Basic Og==' },
    { authorization: '   ' },
    { prefer: 'exchange.behavior=' },
    { prefer: '"' },
    { 'x-anchormailbox': '' },
    { 'x-anchormailbox': 'UPN:' },
  ]) {
    const r = await raw(ALICE_PATH, headers);
    assert.ok(r.status < 500, `${JSON.stringify(headers).slice(0, 80)} → ${r.status}`);
  }
  for (const method of ['HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'])
    assert.ok((await raw(ALICE_PATH, {}, method)).status < 500);
});

test('seeded random filter soups never produce a 500', async () => {
  const rng = new Rng(2024);
  const words = [
    'TimeStamp',
    'ActivityIdType',
    'AppIdType',
    'eq',
    'ne',
    'gt',
    'ge',
    'lt',
    'le',
    'and',
    'or',
    'not',
    '(',
    ')',
    "'Logon'",
    "'Web'",
    '2018-05-03T00:00:00Z',
    "datetimeoffset'2018-05-01T00:00:00Z'",
    "'",
    '%',
    '+',
    ',',
    'null',
    '1',
    'AND',
    '$',
  ];
  for (let i = 0; i < 400; i++) {
    const soup = Array.from({ length: rng.int(1, 12) }, () => rng.pick(words)).join(
      rng.chance(0.5) ? ' ' : '',
    );
    const r = await raw(
      Q(
        `$filter=${encodeURIComponent(soup)}&$top=${rng.int(1, 50)}&$skip=${rng.int(0, 700)}&$orderby=TimeStamp+${rng.pick(['asc', 'desc'])}`,
      ),
    );
    assert.ok(r.status === 200 || r.status === 400, `${soup} → ${r.status} ${r.body.slice(0, 200)}`);
  }
  assert.equal(emu.stats().internalErrors, 0);
});
