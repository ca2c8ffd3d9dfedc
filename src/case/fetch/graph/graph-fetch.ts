/**
 * A Graph retrieval from options to outputs, shared by `fetch audit` and `fetch signins`:
 * credentials, the period and users, where the evidence goes (a case or `--out`), the retrieval,
 * then the case import. The CLI stays a thin shell over this.
 *
 * @module
 */
import { basename } from 'node:path';
import { UsageError } from '../../../errors.js';
import { redactArgv } from '../../../sources/_http/credentials.js';
import type { BackoffOptions } from '../../../sources/_http/retry-policy.js';
import type { GraphSlice } from '../../../sources/graph/index.js';
import {
  closeCredentials,
  readTrustedCa,
  resolveCredentials,
  type CredentialChoice,
} from '../credentials.js';
import { locateAcquisition } from '../locate.js';
import { ensureCase, importIntoCase, isoOrThrow, type ImportedAcquisition } from '../run-common.js';
import { runGraphAcquisition, type GraphProgress, type SliceOutcome, type SliceTools } from './graph-run.js';
import {
  GRAPH_CHECKPOINT_FORMAT,
  type GraphParams,
  type GraphSource,
  type SliceState,
} from './graph-state.js';
import type { GraphAcquisitionSummary } from './graph-summary.js';

export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

/** The options both Graph retrievers take. */
export interface GraphFetchOptions {
  readonly users: readonly string[];
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly caseDir: string | undefined;
  readonly outDir: string | undefined;
  readonly graphUrl: string;
  readonly apiVersion: string;
  /** Time window of a slice (ms). */
  readonly windowMs: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly resume: boolean;
  /**
   * How to authenticate (app sign-in, `--token`, OAUTH_TOKEN) and which extra CA to trust
   * (`caFile`, the emulator's test CA). Tokens are asked for https://graph.microsoft.com.
   */
  readonly credentials: CredentialChoice;
  readonly env: NodeJS.ProcessEnv;
  /** The command line, recorded (credentials redacted) with the run. */
  readonly argv: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: GraphProgress) => void;
  /** Backoff override (tests use short waits). */
  readonly backoff?: BackoffOptions;
  readonly digestWorkers?: number;
  /**
   * Audit: accept slices that received clearly fewer records than the service counted
   * (`--accept-count-shortfall`); they are still listed as unverified. Sign-ins have no count.
   */
  readonly acceptCountShortfall?: boolean;
}

export interface GraphFetchResult {
  readonly acquisitionDir: string;
  readonly summary: GraphAcquisitionSummary;
  readonly durationMs: number;
  readonly command: string[];
  readonly imported?: ImportedAcquisition;
}

export interface GraphRetriever {
  readonly source: GraphSource;
  /** The parameters recorded in the checkpoint (what a resume must ask again). */
  readonly params: (period: { start: string; end: string }) => GraphParams;
  readonly plan: (params: GraphParams) => GraphSlice[];
  readonly processSlice: (
    acquisitionId: string,
  ) => (state: SliceState, tools: SliceTools) => Promise<SliceOutcome>;
}

export async function runGraphFetch(o: GraphFetchOptions, r: GraphRetriever): Promise<GraphFetchResult> {
  const started = performance.now();
  if (o.start === undefined || o.end === undefined)
    throw new UsageError(`[fetch] ${r.source} needs a period: give both --start and --end`);
  const start = isoOrThrow('--start', o.start);
  const end = isoOrThrow('--end', o.end);
  if (!(Date.parse(end) > Date.parse(start)))
    throw new UsageError(`[fetch] --start ${start} must be before --end ${end}`);
  if (!/^https?:\/\/[^/]+/.test(o.graphUrl))
    throw new UsageError(`[fetch] --graph-url ${JSON.stringify(o.graphUrl)} is not an http(s) URL`);
  try {
    return await fetchAndImport(o, r, { start, end }, started);
  } finally {
    await closeCredentials(o.credentials);
  }
}

async function fetchAndImport(
  o: GraphFetchOptions,
  r: GraphRetriever,
  period: { start: string; end: string },
  started: number,
): Promise<GraphFetchResult> {
  // A sign-in happens here, before anything is written: a wrong secret fails first.
  const credentials = await resolveCredentials(o.credentials, 'graph');
  const ca = await readTrustedCa(o.credentials);
  if (o.caseDir !== undefined) await ensureCase(o.caseDir, o.argv);
  const dir = await locateAcquisition({
    ...(o.caseDir !== undefined ? { caseDir: o.caseDir } : {}),
    ...(o.outDir !== undefined ? { outDir: o.outDir } : {}),
    resume: o.resume,
    now: new Date(),
    kind: { format: GRAPH_CHECKPOINT_FORMAT, source: r.source },
    idSuffix: `-${r.source}`,
  });
  const params = r.params(period);
  const acquisitionId = basename(dir);
  const summary = await runGraphAcquisition(
    {
      source: r.source,
      params,
      plan: () => r.plan(params),
      credentials,
      dir,
      acquisitionId,
      resume: o.resume,
      concurrency: o.concurrency,
      timeoutMs: o.timeoutMs,
      maxAttempts: o.maxAttempts,
      ...(ca !== undefined ? { ca } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.digestWorkers !== undefined ? { digestWorkers: o.digestWorkers } : {}),
      ...(o.acceptCountShortfall === true ? { acceptCountShortfall: true } : {}),
    },
    r.processSlice(acquisitionId),
  );
  const imported =
    o.caseDir === undefined
      ? undefined
      : await importIntoCase(o.caseDir, dir, {
          argv: o.argv,
          env: o.env,
          ...(o.signal ? { signal: o.signal } : {}),
        });
  return {
    acquisitionDir: dir,
    summary,
    durationMs: performance.now() - started,
    command: redactArgv(o.argv),
    ...(imported ? { imported } : {}),
  };
}
