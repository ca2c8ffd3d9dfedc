import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, fixture, tempDir } from './_cli.js';

let dir = '';
before(async () => {
  dir = join(tempDir(), 'c');
  const r = await cli(['import', '--case', dir, '-q', fixture('activities.ndjson'), fixture('dataset.json')]);
  assert.equal(r.code, 0, r.stderr);
});

const Q = "SELECT kind, text, time FROM events WHERE kind = 'search.query' ORDER BY time LIMIT 2";

test('TSV when stdout is not a terminal: header, UTC times, tabs and newlines escaped', async () => {
  const r = await cli(['sql', dir, Q]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'kind\ttext\ttime\n' +
      'search.query\tinvoice\\twire\t2018-06-12T09:00:07.000Z\n' +
      'search.query\tinvoice\\twire\t2018-06-12T09:03:27.000Z\n',
  );
});

test('--csv and --json are exact', async () => {
  const csv = await cli(['sql', dir, Q, '--csv']);
  assert.equal(csv.stdout.split('\r\n')[1], 'search.query,invoice\twire,2018-06-12T09:00:07.000Z');
  const json = await cli([
    'sql',
    dir,
    "SELECT 'a\"b' AS s, 42::BIGINT AS n, NULL AS z, [1, 2] AS l, time FROM events ORDER BY time LIMIT 1",
    '--json',
  ]);
  assert.deepEqual(JSON.parse(json.stdout), [
    { s: 'a"b', n: 42, z: null, l: [1, 2], time: '2018-06-12T09:00:00.000Z' },
  ]);
  const empty = await cli(['sql', dir, 'SELECT * FROM events WHERE false', '--json']);
  assert.deepEqual(JSON.parse(empty.stdout), []);
  assert.equal((await cli(['sql', dir, Q, '--csv', '--json'])).code, 2);
});

test('a table on a terminal', async () => {
  const r = await cli(
    ['sql', dir, 'SELECT mailbox, count(*) AS n FROM events GROUP BY mailbox ORDER BY mailbox'],
    { tty: true },
  );
  assert.equal(
    r.stdout,
    'mailbox                  │ n \n' +
      '─────────────────────────┼───\n' +
      'ap.clerk@contoso.example │ 15\n' +
      'cfo@contoso.example      │ 7 \n' +
      '(2 rows)\n',
  );
});

test('the analyst views answer', async () => {
  for (const view of [
    'events',
    'logons',
    'sessions',
    'reads',
    'searches',
    'deliveries',
    'actions',
    'issues',
    'runs',
    'evidence',
  ]) {
    const r = await cli(['sql', dir, `SELECT count(*) AS n FROM ${view}`]);
    assert.equal(r.code, 0, `${view}: ${r.stderr}`);
    assert.ok(Number(r.stdout.split('\n')[1]) > 0, view);
  }
  const s = await cli([
    'sql',
    dir,
    "SELECT ips, logons, reads, searches FROM sessions WHERE client_session_id = 'sess-0-b'",
    '--json',
  ]);
  assert.deepEqual(JSON.parse(s.stdout), [{ ips: ['203.0.113.7'], logons: 1, reads: 2, searches: 2 }]);
});

test('statements that write, touch files or change settings are refused (exit 2); the case is unchanged', async () => {
  for (const stmt of [
    'DELETE FROM events',
    'CREATE TABLE x (i INTEGER)',
    `COPY (SELECT 1) TO '${join(dir, 'out.csv')}'`,
    `SELECT * FROM read_csv('${fixture('page.json')}')`,
    'SET enable_external_access = true',
  ]) {
    const r = await cli(['sql', dir, stmt]);
    assert.equal(r.code, 2, stmt);
    assert.match(r.stderr, /\[sql\] Only read-only queries are allowed/, stmt);
  }
  const bad = await cli(['sql', dir, 'SELEC 1']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /\[sql\] Parser Error/);
  assert.equal((await cli(['sql', dir, 'SELECT count(*) FROM events'])).stdout, 'count_star()\n22\n');
});
