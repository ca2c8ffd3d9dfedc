/**
 * `fetch activities` from options to outputs: credentials, where the evidence goes, the
 * retrieval, then the case import and the CrowdStrike CSV. The CLI stays a thin shell over this.
 *
 * @module
 */
import { UsageError } from '../../errors.js';
import { redactArgv } from '../../sources/_http/credentials.js';
import type { AcquisitionSummary } from './acquisition-state.js';
import { closeCredentials, readTrustedCa, resolveCredentials, type CredentialChoice } from './credentials.js';
import { csvPathFor, exportCrowdStrikeCsv } from './export-csv.js';
import { fetchActivities, type FetchProgress } from './fetch-activities.js';
import { locateAcquisition } from './locate.js';
import { ensureCase, importIntoCase, isoOrThrow } from './run-common.js';

export type { FetchProgress } from './fetch-activities.js';
export type { AcquisitionSummary } from './acquisition-state.js';

export interface FetchActivitiesRunOptions {
  readonly mailboxes: readonly string[];
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly types: readonly string[];
  readonly caseDir: string | undefined;
  readonly outDir: string | undefined;
  readonly csv: string | undefined;
  readonly baseUrl: string;
  readonly concurrency: number;
  readonly slices: number | undefined;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly resume: boolean;
  readonly token: string | undefined;
  readonly basicUser: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** The command line, recorded (credentials redacted) with the run. */
  readonly argv: readonly string[];
  readonly signal?: AbortSignal;
  readonly promptPassword?: (question: string) => Promise<string>;
  /** The full credential choice (app sign-in, --ca-file…); when given, token/basicUser are unused. */
  readonly credentialChoice?: CredentialChoice;
  readonly onProgress?: (p: FetchProgress) => void;
  /** Backoff override (tests use short waits). */
  readonly backoff?: { baseMs: number; maxMs: number };
}

export interface FetchActivitiesRunResult {
  readonly acquisitionDir: string;
  readonly summary: AcquisitionSummary;
  readonly durationMs: number;
  readonly command: string[];
  readonly csv?: string[];
  readonly csvRows?: number;
  readonly csvSkipped?: string;
  readonly imported?: { caseDir: string; newEvents: number; duplicates: number; issues: number };
}

export async function runFetchActivities(o: FetchActivitiesRunOptions): Promise<FetchActivitiesRunResult> {
  const started = performance.now();
  const start = o.start === undefined ? null : isoOrThrow('--start', o.start);
  const end = o.end === undefined ? null : isoOrThrow('--end', o.end);
  if (start && end && start > end) throw new UsageError(`[fetch] --start ${start} is after --end ${end}`);
  if (o.csv !== undefined && o.mailboxes.length > 1 && !o.csv.includes('{user}')) {
    throw new UsageError(
      '[fetch] with several mailboxes, --csv needs a {user} placeholder (one CSV per mailbox)',
    );
  }
  const choice =
    o.credentialChoice ??
    ({
      token: o.token,
      basicUser: o.basicUser,
      env: o.env,
      ...(o.promptPassword ? { promptPassword: o.promptPassword } : {}),
    } as CredentialChoice);
  let credentials;
  let ca;
  try {
    credentials = await resolveCredentials(choice, 'outlook');
    ca = await readTrustedCa(choice);
  } catch (err) {
    await closeCredentials(choice);
    throw err;
  }
  if (o.caseDir !== undefined) await ensureCase(o.caseDir, o.argv);
  const dir = await locateAcquisition({
    ...(o.caseDir !== undefined ? { caseDir: o.caseDir } : {}),
    ...(o.outDir !== undefined ? { outDir: o.outDir } : {}),
    ...(o.csv !== undefined ? { csv: o.csv.replaceAll('{user}', 'users') } : {}),
    resume: o.resume,
    now: new Date(),
  });
  const summary = await fetchActivities({
    params: {
      baseUrl: o.baseUrl,
      mailboxes: o.mailboxes,
      start,
      end,
      types: o.types,
      // Many short slices keep every worker busy to the end (a slice is a chain of sequential pages).
      slicesPerMailbox: o.slices ?? Math.max(8, o.concurrency * 8),
    },
    credentials,
    dir,
    resume: o.resume,
    concurrency: o.concurrency,
    timeoutMs: o.timeoutMs,
    maxAttempts: o.maxAttempts,
    ...(o.backoff ? { backoff: o.backoff } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(ca !== undefined ? { ca } : {}),
  }).finally(() => closeCredentials(choice));
  const result: { -readonly [K in keyof FetchActivitiesRunResult]: FetchActivitiesRunResult[K] } = {
    acquisitionDir: dir,
    summary,
    durationMs: 0,
    command: redactArgv(o.argv),
  };
  if (o.caseDir !== undefined) {
    // The evidence is already inside the case; the import registers and hashes it, then stores
    // the normalized events. An incomplete acquisition is imported too, and flagged as such.
    result.imported = await importIntoCase(o.caseDir, dir, {
      argv: o.argv,
      env: o.env,
      ...(o.signal ? { signal: o.signal } : {}),
    });
  }
  if (o.csv !== undefined) {
    if (!summary.complete) {
      result.csvSkipped = 'the retrieval is incomplete; a partial CSV would look complete to Magic Unicorn';
    } else {
      result.csv = [];
      result.csvRows = 0;
      for (const m of o.mailboxes) {
        const path = csvPathFor(o.csv, m, o.mailboxes.length)!;
        result.csvRows += await exportCrowdStrikeCsv(dir, summary, m, path);
        result.csv.push(path);
      }
    }
  }
  result.durationMs = performance.now() - started;
  return result;
}
