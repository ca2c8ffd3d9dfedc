/**
 * The demo: a complete investigation on the built-in emulator. It starts the emulator on
 * loopback with the BEC scenario, retrieves the victim's mailbox into a new case exactly as an
 * investigator would retrieve a real one (parallel slices, evidence, ledger, import), writes the
 * CrowdStrike CSV beside it, and reports what the case holds.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/index.js';
import { scenarioTruth, type ScenarioTruth } from '../emulator/index.js';
import { caseInfo, type CaseInfo } from './case-info.js';
import { runFetchActivities, type FetchActivitiesRunResult, type FetchProgress } from './fetch/index.js';
import { runReport, type ReportResult } from './report/index.js';

export interface DemoOptions {
  /** Where the demo writes; a new timestamped folder is made inside it. */
  readonly outRoot: string;
  readonly seed: number;
  readonly scale: number;
  readonly argv: readonly string[];
  /** The process environment (the case store reads its memory settings from it). */
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly onStep?: (message: string) => void;
  readonly onProgress?: (p: FetchProgress) => void;
}

export interface DemoResult {
  readonly dir: string;
  readonly caseDir: string;
  readonly emulatorUrl: string;
  readonly fetch: FetchActivitiesRunResult;
  readonly info: CaseInfo;
  readonly report: ReportResult;
  readonly truth: ScenarioTruth;
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const dir = resolve(o.outRoot, stamp);
  await mkdir(dir, { recursive: true });
  const caseDir = join(dir, 'case');
  const truth = scenarioTruth({ seed: o.seed, scale: o.scale });
  // A fresh random token per run: the demo shows the real credential path without a fixed secret.
  const token = randomBytes(18).toString('base64url');
  o.onStep?.(
    `Starting the Activities API emulator (BEC scenario, seed ${o.seed}, scale ${o.scale}) on 127.0.0.1 ...`,
  );
  const emulator = await startEmulator({ scenario: { seed: o.seed, scale: o.scale }, token });
  try {
    o.onStep?.(
      `Emulator at ${emulator.url}: ${emulator.mailboxes.map((m) => `${m.upn} (${m.records} activities)`).join(', ')}`,
    );
    o.onStep?.(`Retrieving ${truth.victim} into the case ${caseDir} ...`);
    const fetch = await runFetchActivities({
      mailboxes: [truth.victim],
      start: undefined,
      end: undefined,
      types: [],
      caseDir,
      outDir: undefined,
      csv: join(dir, `${truth.victim}.csv`),
      baseUrl: emulator.url,
      concurrency: 8,
      slices: undefined,
      timeoutMs: 30_000,
      maxAttempts: 8,
      resume: false,
      token,
      basicUser: undefined,
      // The token is given explicitly; the environment only tunes the case store.
      env: o.env,
      argv: [...o.argv],
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    const info = await caseInfo(caseDir);
    o.onStep?.('Analysing the case: sessions, searches, reads, findings, exposure ...');
    const report = await runReport({
      caseDir,
      outDir: join(dir, 'report'),
      title: 'demo',
      formats: ['html', 'json', 'xlsx', 'unicorn'],
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return { dir, caseDir, emulatorUrl: emulator.url, fetch, info, report, truth };
  } finally {
    await emulator.close();
  }
}
