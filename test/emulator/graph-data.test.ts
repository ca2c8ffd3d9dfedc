/**
 * User data for the Graph endpoints: `--audit-data` (JSON Lines or a JSON array, of AuditData or
 * of Graph auditLogRecords, or saved records pages) and `--signins-data`, served exactly as
 * given; bad files are refused naming the file and the line; and the `mailtrail emulate` flags.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCommand } from '../../src/cli/run.js';
import { FormatError } from '../../src/errors.js';
import { startEmulator } from '../../src/emulator/index.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const dir = mkdtempSync(join(tmpdir(), 'mailtrail-graph-data-'));
const A = 'a@contoso.example';
const SMALL = { data: { mailboxes: { [A]: [] } }, token: GTOKEN } as const;

const auditData = (i: number) => ({
  Id: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  CreationTime: `2026-08-0${1 + (i % 3)}T1${i % 10}:00:00`,
  Operation: i % 2 ? 'MailItemsAccessed' : 'Send',
  RecordType: i % 2 ? 50 : 2,
  UserId: A,
  UserType: 0,
  Workload: 'Exchange',
  ClientIPAddress: '198.51.100.23',
  SessionId: `session-${i}`,
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

describe('--audit-data and --signins-data', () => {
  test('JSON Lines of AuditData and a JSON array of the served Graph records give the same pages', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify(auditData(i)));
    const jsonl = file('audit.jsonl', `\uFEFF${lines.join('\n')}\n\n`);
    const first = await startEmulator({ ...SMALL, graph: { auditDataFile: jsonl } });
    let served: Record<string, unknown>[];
    try {
      assert.equal(first.graph.auditRecords, 30);
      served = (await runQuery(first.url, {}, { top: 7 })).records;
      assert.equal(served.length, 30);
      assert.equal(served[0]!.auditLogRecordType, 'exchangeItem');
      assert.deepEqual((served[0]!.auditData as { SessionId: string }).SessionId, 'session-0');
    } finally {
      await first.close();
    }
    const array = file('audit-graph.json', JSON.stringify(served, null, 2));
    const second = await startEmulator({ ...SMALL, graph: { auditDataFile: array } });
    try {
      assert.deepEqual((await runQuery(second.url, {}, { top: 11 })).records, served);
    } finally {
      await second.close();
    }
  });

  test('sign-ins from a file, newest first; v1.0 drops the beta properties', async () => {
    const signIns = [0, 1, 2].map((i) => ({
      id: `s${i}`,
      createdDateTime: `2026-08-01T1${i}:00:00Z`,
      userPrincipalName: A,
      ipAddress: '198.51.100.23',
      status: { errorCode: 0 },
      sessionId: `session-${i}`,
    }));
    const path = file('signins.json', JSON.stringify({ value: signIns }));
    const emu = await startEmulator({ ...SMALL, graph: { signInsDataFile: path } });
    try {
      const beta = await graphCall(`${emu.url}/beta/auditLogs/signIns`);
      assert.deepEqual(
        beta.json.value.map((s: { id: string }) => s.id),
        ['s2', 's1', 's0'],
      );
      assert.equal(beta.json.value[0].sessionId, 'session-2');
      const v1 = await graphCall(`${emu.url}/v1.0/auditLogs/signIns`);
      assert.equal('sessionId' in v1.json.value[0], false);
      assert.equal(emu.graph.auditRecords, 0);
    } finally {
      await emu.close();
    }
  });

  test('bad files are refused naming the file and the line', async () => {
    const good = JSON.stringify(auditData(1));
    const cases: [string, string, 'audit' | 'signins', RegExp][] = [
      [
        'bad-json.jsonl',
        `${good}\n{"Id": "x",\n`,
        'audit',
        /bad-json\.jsonl, line 2, column \d+: not valid JSON/,
      ],
      [
        'no-time.jsonl',
        `${good}\n${good}\n${JSON.stringify({ ...auditData(2), CreationTime: undefined })}\n`,
        'audit',
        /no-time\.jsonl, line 3: AuditData has no CreationTime/,
      ],
      [
        'bad-time.json',
        `[\n${good},\n${JSON.stringify({ ...auditData(3), CreationTime: 'Tuesday' })}\n]`,
        'audit',
        /bad-time\.json, line 3 \(record 2\): CreationTime "Tuesday"/,
      ],
      ['broken.json', '[\n{"Id": 1,\n', 'audit', /broken\.json, line 3, column \d+: not valid JSON/],
      [
        'signins.jsonl',
        '{"id":"a","createdDateTime":"2026-08-01T10:00:00Z"}\n{"id":"b","createdDateTime":"2026-08-01 10:00"}\n',
        'signins',
        /signins\.jsonl, line 2: createdDateTime/,
      ],
    ];
    for (const [name, text, kind, pattern] of cases) {
      const path = file(name, text);
      await assert.rejects(
        startEmulator({
          ...SMALL,
          graph: kind === 'audit' ? { auditDataFile: path } : { signInsDataFile: path },
        }),
        (err: unknown) => err instanceof FormatError && pattern.test(err.message),
        name,
      );
    }
  });
});

describe('mailtrail emulate', () => {
  test('--help lists the Graph flags and endpoints', async () => {
    const r = await runCli(['--help']);
    for (const flag of [
      '--audit-data',
      '--signins-data',
      '--query-run-polls',
      '--query-run-ms',
      '--query-fail-rate',
      '--query-long-run-rate',
      '--query-record-limit',
      '--query-count-skew',
      '--records-page-size',
      '--records-before-success',
    ])
      assert.ok(r.stdout.includes(flag), flag);
    assert.match(r.stdout, /security\/auditLog\/queries/);
    assert.match(r.stdout, /auditLogs\/signIns/);
  });

  test('a bad --audit-data file exits 2 naming the file and line', async () => {
    const path = file('cli-bad.jsonl', `${JSON.stringify(auditData(1))}\nnot json\n`);
    const r = await runCli([
      '--data',
      file('cli-acts.json', JSON.stringify({ mailboxes: { [A]: [] } })),
      '--token',
      'T',
      '--audit-data',
      path,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cli-bad\.jsonl, line 2/);
  });

  test('bad query flags are usage errors', async () => {
    for (const args of [
      ['--query-fail-rate', '2'],
      ['--records-page-size', '5000'],
      ['--records-before-success', 'maybe'],
    ]) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
    }
  });
});
