/**
 * Retrieval speed: the CrowdStrike retriever's sequential `$top=1000`/`$skip` loop against
 * `mailtrail fetch activities` (parallel time slices), both against the emulator in a separate
 * process with a realistic per-response latency, on one mailbox of at least 500,000 activities.
 * Also checks that both retrieve exactly the same records.
 *
 * Usage: node --import tsx bench/fetch-activities.ts [--scale 19] [--latency 100] [--concurrency 16]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { runFetchActivities } from '../src/case/fetch/index.js';
import { keptRecords } from '../test/fetch/_harness.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '19' },
    latency: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
  },
});
const TOKEN = 'bench-token';
const MAILBOX = 'ap.clerk@contoso.example';
const SELECT =
  'TimeStamp,AppIdType,ActivityIdType,ActivityItemId,ActivityCreationTime,ClientSessionId,CustomProperties';

const cli = resolve(import.meta.dirname, '..', 'test', '_mailtrail.ts');
const emulator = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    cli,
    'emulate',
    '--scenario',
    'bec',
    '--seed',
    '1',
    '--scale',
    values.scale!,
    '--latency',
    values.latency!,
    '--token',
    TOKEN,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let emulatorLog = '';
emulator.stderr.on('data', (d: Buffer) => (emulatorLog += d.toString()));
const url = await new Promise<string>((ok, fail) => {
  createInterface({ input: emulator.stdout }).once('line', ok);
  emulator.once('exit', () => fail(new Error(`emulator exited: ${emulatorLog}`)));
});

/** The CrowdStrike retriever's loop: one keep-alive connection, no $orderby, empty $filter. */
async function sequential(): Promise<string[]> {
  const agent = new Agent({ connections: 1 });
  const out: string[] = [];
  for (let batch = 0; ; batch++) {
    const params = new URLSearchParams({
      $filter: '',
      $top: '1000',
      $skip: String(batch * 1000),
      $select: SELECT,
    });
    const res = await request(`${url}/api/v2.0/Users('${MAILBOX}')/Activities?${params}`, {
      dispatcher: agent,
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        Prefer: 'exchange.behavior="ActivityAccess"',
        Accept: 'application/json; odata.metadata=none',
        'User-Agent': 'PythonOutlookService/1.0',
      },
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    const page = (await res.body.json()) as { value: Record<string, unknown>[] };
    for (const a of page.value) out.push(JSON.stringify(a));
    if (page.value.length < 1000) break;
  }
  await agent.close();
  return out;
}

const dir = await mkdtemp(join(tmpdir(), 'mailtrail-bench-'));
try {
  let t = performance.now();
  const seq = await sequential();
  const seqMs = performance.now() - t;

  t = performance.now();
  const r = await runFetchActivities({
    mailboxes: [MAILBOX],
    start: undefined,
    end: undefined,
    types: [],
    caseDir: undefined,
    outDir: join(dir, 'acq'),
    csv: undefined,
    baseUrl: url,
    concurrency: Number(values.concurrency),
    slices: undefined,
    timeoutMs: 60_000,
    maxAttempts: 8,
    resume: false,
    token: TOKEN,
    basicUser: undefined,
    env: {},
    argv: [],
  });
  const parMs = performance.now() - t;

  // Same records? Compare the seven standard properties (the sequential loop $selects them).
  const kept = (await keptRecords(r.acquisitionDir)).map(({ record }) =>
    JSON.stringify(Object.fromEntries(SELECT.split(',').map((k) => [k, record[k]]))),
  );
  const same =
    kept.length === seq.length && JSON.stringify([...kept].sort()) === JSON.stringify([...seq].sort());
  console.log(
    `| input | one mailbox, ${seq.length.toLocaleString('en-US')} activities; emulator latency ${values.latency} ms per response |`,
  );
  console.log(`|---|---|`);
  console.log(
    `| CrowdStrike-style sequential \`$skip\` loop | ${(seqMs / 1000).toFixed(1)} s (${Math.round(seq.length / (seqMs / 1000)).toLocaleString('en-US')} records/s) |`,
  );
  console.log(
    `| mailtrail fetch activities, concurrency ${values.concurrency} | ${(parMs / 1000).toFixed(1)} s (${Math.round(kept.length / (parMs / 1000)).toLocaleString('en-US')} records/s, ${r.summary.requests} requests, ${r.summary.pages.length} pages kept) |`,
  );
  console.log(`| speed-up | **${(seqMs / parMs).toFixed(1)}×** |`);
  console.log(`| same records | ${same ? 'yes' : 'NO'} (${kept.length} vs ${seq.length}) |`);
  if (!same) process.exitCode = 1;
} finally {
  emulator.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
