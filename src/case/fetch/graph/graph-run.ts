/**
 * The engine shared by the Graph retrievers (`fetch audit`, `fetch signins`): checkpoint or
 * resume, a pool of slices retrieved in parallel (a slice split in halves puts its halves back in
 * the pool), every request attempt in the ledger, every page kept as gzip evidence by the page
 * digester's worker threads, a checkpoint after every change of a slice, and the summary naming
 * each slice that could not be completed — also when an error no slice could avoid (400, 401,
 * 403) stops the run: the summary then says so, with the error, and the run still fails. What
 * one slice means (a query to create and poll, or a collection to page) is the retriever's
 * `processSlice`.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { UsageError } from '../../../errors.js';
import { HttpClient, TransportError } from '../../../sources/_http/client.js';
import type { CredentialProvider } from '../../../sources/_http/credentials.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../../../sources/_http/retry-policy.js';
import {
  describeGraphSlice,
  pageThrough,
  type GraphAttempt,
  type GraphContext,
  type GraphSlice,
  type ParsedGraphPage,
} from '../../../sources/graph/index.js';
import { openLedgerFile, serialSaver } from '../ledger-file.js';
import { createPageDigester, type PageEvidence } from '../page-digester.js';
import { keepDigested } from '../page-keeper.js';
import {
  graphParamsMismatch,
  loadGraphCheckpoint,
  newGraphCheckpoint,
  pendingSlices,
  saveGraphCheckpoint,
  type GraphCheckpoint,
  type GraphPageEntry,
  type GraphParams,
  type GraphSource,
  type SliceState,
} from './graph-state.js';
import {
  removeUnlistedGraphFiles,
  writeGraphSummary,
  type GraphAcquisitionSummary,
} from './graph-summary.js';
import { stoppedRunError, summarizeFatal, type FatalErrorSummary } from './fatal-error.js';
import { isFatal, settle, type SliceOutcome } from './slice-outcome.js';

export type { SliceOutcome } from './slice-outcome.js';

export interface GraphProgress {
  readonly slices: number;
  readonly slicesDone: number;
  readonly records: number;
  readonly requests: number;
  readonly retries: number;
  /** Audit queries created and not finished yet. */
  readonly queriesWaiting: number;
  readonly elapsedMs: number;
}

export interface GraphRunOptions {
  readonly source: GraphSource;
  readonly params: GraphParams;
  /** The slices of a new acquisition. */
  readonly plan: () => GraphSlice[];
  readonly credentials: CredentialProvider;
  readonly dir: string;
  readonly acquisitionId: string;
  readonly resume: boolean;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoff?: BackoffOptions;
  /** Extra CA certificates (PEM), for an emulator with a test authority. */
  readonly ca?: string | Buffer;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: GraphProgress) => void;
  readonly digestWorkers?: number;
  /** A page was kept (for tests that interrupt a retrieval at a known point). */
  readonly onPageKept?: (entry: GraphPageEntry) => void;
  /** Audit: slices short of the service's count are reported but accepted (`--accept-count-shortfall`). */
  readonly acceptCountShortfall?: boolean;
}

/** What a retriever's slice processing gets from the engine. */
export interface SliceTools {
  readonly ctx: GraphContext;
  readonly dir: string;
  readonly cp: GraphCheckpoint;
  readonly ledger: (entry: object) => void;
  /** Saves the checkpoint (e.g. as soon as a query id is known). */
  readonly checkpoint: () => Promise<void>;
  /** Counts an audit query waiting for the service (+1 created, −1 finished), for progress. */
  readonly waiting: (delta: number) => void;
  /**
   * Pages a collection from `firstUrl`, keeping every page under `pages/<slice>/` (or
   * `pages/<slice>/<part>/` when a slice pages several collections, one `part` each).
   */
  readonly keepPages: (
    state: SliceState,
    firstUrl: string,
    what: string,
    part?: string,
  ) => Promise<GraphPageEntry[]>;
}

export async function runGraphAcquisition(
  opts: GraphRunOptions,
  processSlice: (state: SliceState, tools: SliceTools) => Promise<SliceOutcome>,
): Promise<GraphAcquisitionSummary> {
  const { dir } = opts;
  await mkdir(dir, { recursive: true });
  const cp = opts.resume
    ? await loadGraphCheckpoint(dir, opts.source)
    : newGraphCheckpoint(opts.source, opts.acquisitionId, opts.params, opts.plan(), new Date().toISOString());
  if (opts.resume) {
    const diff = graphParamsMismatch(opts.params, cp.params);
    if (diff)
      throw new UsageError(
        `[fetch] cannot resume ${dir}: the request differs from the checkpoint (${diff}); resume with the same options, or start a new acquisition`,
      );
  }
  await saveGraphCheckpoint(dir, cp);
  const ledger = openLedgerFile(dir);
  if (opts.resume) {
    const removed = await removeUnlistedGraphFiles(dir, cp);
    ledger.write({ type: 'resume', time: new Date().toISOString(), removedUnfinishedFiles: removed });
  } else {
    ledger.write({
      type: 'plan',
      time: new Date().toISOString(),
      source: opts.source,
      slices: Object.values(cp.slices).map((s) => describeGraphSlice(s.slice)),
    });
  }
  const client = new HttpClient({
    connections: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    ...(opts.ca ? { ca: opts.ca } : {}),
  });
  const digester = await createPageDigester(opts.digestWorkers);
  const fatal = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, fatal.signal]) : fatal.signal;
  const started = performance.now();
  const counters = { requests: 0, retries: 0, records: 0, waiting: 0 };
  const failures = new Map<string, string>();
  let fatalError: unknown;
  let stoppedBy: FatalErrorSummary | undefined;
  const ctx: GraphContext = {
    client,
    credentials: opts.credentials,
    maxAttempts: opts.maxAttempts,
    backoff: opts.backoff ?? DEFAULT_BACKOFF,
    signal,
    onAttempt: (a: GraphAttempt) => {
      counters.requests++;
      if (a.attempt > 1) counters.retries++;
      ledger.write({ type: 'request', ...a });
    },
  };
  const saver = serialSaver(() => saveGraphCheckpoint(dir, cp));
  const parse = async (body: Buffer): Promise<ParsedGraphPage> => {
    const p = await digester.parse(body);
    if ('invalid' in p) return p;
    const ev = p.extra as PageEvidence;
    return { count: p.count, ids: p.ids, nextLink: ev.nextLink, extra: ev };
  };
  const tools: SliceTools = {
    ctx,
    dir,
    cp,
    ledger: ledger.write,
    checkpoint: saver.save,
    waiting: (d) => (counters.waiting += d),
    keepPages: async (state, firstUrl, what, part) => {
      const pages: GraphPageEntry[] = [];
      await pageThrough(ctx, {
        firstUrl,
        slice: state.slice.key,
        what,
        parse,
        onPage: async (page, i) => {
          const folder = part === undefined ? state.slice.key : `${state.slice.key}/${part}`;
          const file = `pages/${folder}/${String(i + 1).padStart(4, '0')}.json.gz`;
          const kept = await keepDigested(dir, file, page.extra as PageEvidence);
          const entry: GraphPageEntry = {
            ...kept,
            slice: state.slice.key,
            page: i + 1,
            request: new URL(page.url).pathname + new URL(page.url).search,
            records: page.count,
          };
          pages.push(entry);
          opts.onPageKept?.(entry);
        },
      });
      return pages;
    },
  };
  const all = () => Object.values(cp.slices).filter((s) => s.status !== 'split');
  const progress = () =>
    opts.onProgress?.({
      slices: all().length,
      slicesDone: all().filter((s) => s.status !== 'pending').length,
      records: counters.records,
      requests: counters.requests,
      retries: counters.retries,
      queriesWaiting: counters.waiting,
      elapsedMs: performance.now() - started,
    });
  for (const s of Object.values(cp.slices)) counters.records += s.result?.received ?? 0;

  // Halves of a split slice join the queue while other slices run: an idle worker waits for
  // the slices in flight before it concludes there is nothing left.
  const queue = pendingSlices(cp);
  let inFlight = 0;
  const sleepers: (() => void)[] = [];
  const wakeAll = () => sleepers.splice(0).forEach((wake) => wake());
  signal.addEventListener('abort', wakeAll, { once: true });
  const next = async (): Promise<SliceState | undefined> => {
    for (;;) {
      if (signal.aborted) return undefined;
      const s = queue.shift();
      if (s) return s;
      if (inFlight === 0) return undefined;
      await new Promise<void>((r) => sleepers.push(r));
    }
  };
  const worker = async () => {
    for (let state = await next(); state; state = await next()) {
      inFlight++;
      try {
        const outcome = await processSlice(state, tools);
        settle(cp, state, outcome, ledger.write);
        if (outcome.status === 'complete') counters.records += outcome.result.received;
        if (outcome.status === 'split') queue.unshift(...outcome.halves.map((h) => cp.slices[h.key]!));
        await saver.save();
      } catch (err) {
        if (isFatal(err)) {
          if (stoppedBy === undefined) {
            stoppedBy = summarizeFatal(err, state.slice.key);
            failures.set(state.slice.key, stoppedBy.description);
            ledger.write({
              type: 'error',
              time: new Date().toISOString(),
              slice: state.slice.key,
              error: stoppedBy.description,
              fatal: true,
            });
          }
          fatalError ??= err;
          fatal.abort(err);
        } else if (!(err instanceof TransportError && err.kind === 'aborted') && !signal.aborted) {
          failures.set(state.slice.key, (err as Error).message);
          ledger.write({
            type: 'error',
            time: new Date().toISOString(),
            slice: state.slice.key,
            error: (err as Error).message,
          });
          await saver.save();
        }
      } finally {
        inFlight--;
        wakeAll();
      }
    }
  };
  const ticker = setInterval(progress, 250);
  try {
    progress();
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
    await saver.flush();
    const closing = { acceptCountShortfall: opts.acceptCountShortfall === true };
    if (stoppedBy) {
      // What was retrieved is still described, marked incomplete with the error; --resume continues.
      await writeGraphSummary(dir, cp, failures, counters, { ...closing, fatal: stoppedBy });
      throw stoppedRunError(fatalError, stoppedBy, dir);
    }
    opts.signal?.throwIfAborted();
    return await writeGraphSummary(dir, cp, failures, counters, closing);
  } finally {
    clearInterval(ticker);
    progress();
    await ledger.close();
    await client.close();
    await digester.close();
  }
}
