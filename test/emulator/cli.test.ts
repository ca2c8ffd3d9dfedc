/**
 * `mailtrail emulate` as a child process: the URL is the first stdout line, SIGTERM stops it with
 * exit code 0, and bad --data or --credentials files are refused with exit code 2 and a message
 * naming the file and where the problem is.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { runCommand } from '../../src/cli/run.js';

const ENTRY = join(import.meta.dirname, '_cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-emulate-'));

function spawnCli(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', ENTRY, 'emulate', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs to completion; returns exit code and output. */
async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  // 'close', not 'exit': only then has all of the child's output been read.
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** Runs the CLI in-process (same code path, no child start-up cost) for the error tables. */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCommand(['emulate', ...args], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: {},
  });
  return { code, stdout, stderr };
}

/** Starts a server; resolves with the first stdout line and a stop function. */
async function serveCli(args: string[]) {
  const child = spawnCli(args);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const stop = async () => {
    child.kill('SIGTERM');
    // 'close', not 'exit': only then has all of the child's output been read.
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stderr };
  };
  return { url: first, stop, stderr: () => stderr };
}

const headers = { authorization: 'Bearer T', prefer: 'exchange.behavior="ActivityAccess"' };

function writeJson(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const record = (ts: unknown) => ({
  Id: 'x',
  TimeStamp: ts,
  AppIdType: 'Web',
  ActivityIdType: 'Logon',
  ActivityItemId: null,
  ActivityCreationTime: '2018-06-01T00:00:00Z',
  ClientSessionId: 'c',
  CustomProperties: [],
});

describe('mailtrail emulate (child process)', { concurrency: true }, () => {
  test('first stdout line is the URL; it serves; --verbose logs without credentials; SIGTERM exits 0', async () => {
    const server = await serveCli(['--token', 'T', '--scale', '0.05', '--verbose']);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/v2.0/me/Activities?$top=2`, { headers });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { value: unknown[] }).value.length, 2);
    const { code, stderr } = await server.stop();
    assert.equal(code, 0);
    assert.match(stderr, /serving 2 mailboxes: ap\.clerk@contoso\.example \(\d+\)/);
    assert.match(stderr, /"GET \/api\/v2\.0\/me\/Activities\?\$top=2" 200/);
    assert.doesNotMatch(stderr, /Bearer T|Authorization/i);
    assert.match(stderr, /stopped after 1 requests/);
  });

  test('without --token a token is generated and printed on stderr only; non-loopback host warns', async () => {
    const server = await serveCli(['--scale', '0.02', '--host', '0.0.0.0']);
    await new Promise((r) => setTimeout(r, 100));
    const token = /bearer token for this run: (\S+);/.exec(server.stderr())?.[1];
    assert.ok(token);
    assert.match(server.stderr(), /warning: binding 0\.0\.0\.0, not loopback/);
    const port = new URL(server.url).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/v2.0/me/Activities?$top=1`, {
      headers: { ...headers, authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    assert.equal((await server.stop()).code, 0);
  });

  test('--write-data and --write-truth, then --data serves the same records', async () => {
    const data = join(dir, 'scenario.json');
    const truth = join(dir, 'truth.json');
    const w = await runCli([
      '--scenario',
      'bec',
      '--seed',
      '5',
      '--scale',
      '0.05',
      '--write-data',
      data,
      '--write-truth',
      truth,
    ]);
    assert.equal(w.code, 0, w.stderr);
    const written = JSON.parse(readFileSync(data, 'utf8')) as { mailboxes: Record<string, unknown[]> };
    const count = Number(/wrote (\d+) activities/.exec(w.stderr)?.[1]);
    assert.equal(
      Object.values(written.mailboxes).reduce((n, l) => n + l.length, 0),
      count,
    );
    assert.equal(
      (JSON.parse(readFileSync(truth, 'utf8')) as { victim: string }).victim,
      'ap.clerk@contoso.example',
    );
    const server = await serveCli(['--data', data, '--token', 'T']);
    const res = await fetch(
      `${server.url}/api/v2.0/Users('finance.lead@contoso.example')/Activities?$top=1000&$select=Id`,
      { headers },
    );
    const served = ((await res.json()) as { value: unknown[] }).value.length;
    assert.equal(served, Math.min(1000, written.mailboxes['finance.lead@contoso.example']!.length));
    assert.equal((await server.stop()).code, 0);
  });

  const BAD_DATA: [string, string, RegExp][] = [
    [
      'syntax.json',
      '{"mailboxes": {\n  "a@x": [\n    {"Id": }\n  ]\n}}',
      /syntax\.json is not valid JSON at line 3, column 12/,
    ],
    ['trailing.json', '{"mailboxes": {"a@x": []}} x', /not valid JSON at line 1, column 28: unexpected text/],
    ['truncated.json', '{"mailboxes": {"a@x": [', /not valid JSON at line 1, column 24.*the file ended/],
    [
      'schema.json',
      JSON.stringify({ mailboxes: { 'a@x': [record('2018-06-01T00:00:00Z'), record(42)] } }, null, 1),
      /schema\.json has a bad record at line \d+, column \d+: mailboxes\["a@x"\]\[1\]\.TimeStamp is missing or not a string/,
    ],
    [
      'date.json',
      JSON.stringify({ mailboxes: { 'a@x': [record('2018-02-30T00:00:00Z')] } }),
      /mailboxes\["a@x"\]\[0\]\.TimeStamp "2018-02-30T00:00:00Z" is not a usable date-time/,
    ],
    [
      'props.json',
      JSON.stringify({
        mailboxes: { 'a@x': [{ ...record('2018-06-01T00:00:00Z'), CustomProperties: [{ Value: 1 }] }] },
      }),
      /mailboxes\["a@x"\]\[0\]\.CustomProperties\[0\] has no string Name/,
    ],
    ['nombx.json', '{"value": []}', /no "mailboxes" member/],
    ['notarray.json', '{"mailboxes": {"a@x": {}}}', /mailboxes\["a@x"\] is not an array/],
    ['dup.json', '{"mailboxes": {"a@x": [], "A@X": []}}', /listed twice/],
  ];
  BAD_DATA.forEach(([name, text, message], i) => {
    // The first two run as real child processes (exit code of the process); the rest in-process.
    test(`bad --data ${name}: exit 2 with file and position`, async () => {
      const path = writeJson(name, text);
      const r = await (i < 2 ? runCli : runInProcess)(['--data', path, '--token', 'T']);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(path), r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  });

  test('missing --data file: exit 2', async () => {
    const r = await runInProcess(['--data', join(dir, 'absent.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Cannot read the data file .*absent\.json/);
  });

  test('bad --credentials file: exit 2 naming file and field, never the token', async () => {
    const path = writeJson(
      'creds.json',
      JSON.stringify({ tokens: { 'secret-tok': { user: 'a@x', mailboxes: [] } } }),
    );
    const r = await runCli(['--credentials', path, '--scale', '0.02']);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /credentials file .*creds\.json is invalid: tokens \(entry 1\)\.mailboxes must be a non-empty array/,
    );
    assert.doesNotMatch(r.stderr, /secret-tok/);
  });

  test('usage errors: exit 2', async () => {
    assert.equal((await runInProcess(['--top', '5'])).code, 2);
    assert.equal((await runInProcess(['--fail-rate', '2'])).code, 2);
    assert.equal((await runInProcess(['--data', 'x.json', '--scenario', 'bec'])).code, 2);
  });
});
