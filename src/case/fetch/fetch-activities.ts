/**
 * `fetch activities` orchestration: probe each mailbox's range, split it into time slices, fetch
 * the slices in parallel, keep every response page as gzip evidence with its hashes, record every
 * request attempt in the ledger, checkpoint after each finished slice, and write the acquisition
 * summary. An acquisition that could not complete says exactly which slices are missing.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { basename } from 'node:path';
import pLimit from 'p-limit';
import { SourceError } from '../../errors.js';
import { HttpClient, TransportError } from '../../sources/_http/client.js';
import type { CredentialProvider } from '../../sources/_http/credentials.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../../sources/_http/retry-policy.js';
import { probeRange } from '../../sources/activities-api/acquire.js';
import type { TimeBound } from '../../sources/activities-api/query.js';
import type { AttemptRecord, RequestContext } from '../../sources/activities-api/request.js';
import { describeSlice, planSlices, type Slice } from '../../sources/activities-api/slices.js';
import { createPageDigester } from './page-digester.js';
import {
  loadCheckpoint,
  newCheckpoint,
  paramsMismatch,
  saveCheckpoint,
  type AcquisitionParams,
  type AcquisitionSummary,
  type PageEntry,
} from './acquisition-state.js';
import { mailboxFinished, removeUnlistedPages, writeSummary } from './acquisition-summary.js';
import { openLedgerFile, serialSaver } from './ledger-file.js';
import { fetchSliceKept } from './slice-pages.js';

export interface FetchProgress {
  readonly mailboxes: number;
  readonly mailboxesDone: number;
  readonly slices: number;
  readonly slicesDone: number;
  readonly records: number;
  readonly requests: number;
  readonly retries: number;
  readonly elapsedMs: number;
}

export interface FetchActivitiesOptions {
  readonly params: AcquisitionParams;
  readonly credentials: CredentialProvider;
  /** The acquisition directory (new, or the one being resumed). */
  readonly dir: string;
  readonly resume: boolean;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly backoff?: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FetchProgress) => void;
  /** Worker threads for parsing, compressing and hashing pages (0: in this thread). */
  readonly digestWorkers?: number;
  /** Extra CA certificates (PEM) to trust, e.g. the emulator's test CA (`--ca-file`). */
  readonly ca?: string;
  /** A page was kept (for tests that interrupt a retrieval at a known point). */
  readonly onPageKept?: (entry: PageEntry) => void;
}

/** Minimum slice length: finer slices only cost requests. */
const MIN_SLICE_MS = 60_000;

export async function fetchActivities(opts: FetchActivitiesOptions): Promise<AcquisitionSummary> {
  const { params, dir } = opts;
  await mkdir(dir, { recursive: true });
  const cp = opts.resume
    ? await loadCheckpoint(dir)
    : newCheckpoint(basename(dir), params, new Date().toISOString());
  if (opts.resume) {
    const diff = paramsMismatch(params, cp.params);
    if (diff)
      throw new SourceError(
        `[fetch] cannot resume ${dir}: the request differs from the checkpoint (${diff})`,
      );
  }
  await saveCheckpoint(dir, cp);

  const ledger = openLedgerFile(dir);
  const writeLedger = ledger.write;
  if (opts.resume) {
    // Pages of slices that never finished are fetched again under the same names; drop leftovers
    // (and half-written temporary files of a killed run) so only listed pages remain as evidence.
    const removed = await removeUnlistedPages(dir, cp);
    writeLedger({ type: 'resume', time: new Date().toISOString(), removedUnfinishedPages: removed });
  }
  const client = new HttpClient({
    connections: opts.concurrency,
    timeoutMs: opts.timeoutMs,
    ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
  });
  const digester = await createPageDigester(opts.digestWorkers);
  const fatal = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, fatal.signal]) : fatal.signal;
  const started = performance.now();
  const counters = { requests: 0, retries: 0, records: 0, slicesDone: 0, slices: 0 };
  const failures = new Map<string, string>();
  let fatalError: unknown;

  const ctx: RequestContext = {
    client,
    credentials: opts.credentials,
    maxAttempts: opts.maxAttempts,
    backoff: opts.backoff ?? DEFAULT_BACKOFF,
    signal,
    parse: digester.parse,
    onAttempt: (a: AttemptRecord) => {
      counters.requests++;
      if (a.attempt > 1) counters.retries++;
      writeLedger({ type: 'request', ...a });
    },
  };
  const progress = () =>
    opts.onProgress?.({
      mailboxes: params.mailboxes.length,
      mailboxesDone: params.mailboxes.filter((m) => mailboxFinished(cp, m) || failures.has(m)).length,
      slices: counters.slices,
      slicesDone: counters.slicesDone,
      records: counters.records,
      requests: counters.requests,
      retries: counters.retries,
      elapsedMs: performance.now() - started,
    });
  const saver = serialSaver(() => saveCheckpoint(dir, cp));
  const checkpoint = saver.save;
  const onFailure = (mailbox: string, err: unknown) => {
    if (err instanceof SourceError && err.status === 401) {
      fatalError ??= err;
      fatal.abort(err);
    } else if (
      err instanceof SourceError &&
      err.status !== undefined &&
      err.status >= 400 &&
      err.status < 500
    ) {
      // A refused mailbox or a rejected query: no other slice of this mailbox can succeed.
      if (!failures.has(mailbox)) failures.set(mailbox, err.message);
    } else if (!(err instanceof TransportError && err.kind === 'aborted') && !signal.aborted) {
      writeLedger({ type: 'error', time: new Date().toISOString(), mailbox, error: (err as Error).message });
    }
  };

  const limit = pLimit(opts.concurrency);
  const lower: TimeBound | undefined = params.start ? { op: 'ge', at: params.start } : undefined;
  const upper: TimeBound | undefined = params.end ? { op: 'le', at: params.end } : undefined;
  try {
    // 1. Probe and plan every mailbox not planned yet.
    await Promise.all(
      params.mailboxes.map((mailbox) =>
        limit(async () => {
          const state = cp.mailboxes[mailbox]!;
          if (state.slices) return;
          try {
            const target = { baseUrl: params.baseUrl, mailbox, types: params.types };
            const range = await probeRange(ctx, target, {
              ...(lower ? { lower } : {}),
              ...(upper ? { upper } : {}),
            });
            state.range = range;
            state.slices = range
              ? planSlices({
                  ...(lower ? { lower } : {}),
                  ...(upper ? { upper } : {}),
                  firstMs: range.firstMs,
                  lastMs: range.lastMs,
                  slices: params.slicesPerMailbox,
                  minSliceMs: MIN_SLICE_MS,
                })
              : [];
            writeLedger({ type: 'plan', mailbox, range, slices: state.slices.map(describeSlice) });
            await checkpoint();
          } catch (err) {
            onFailure(mailbox, err);
          }
        }),
      ),
    );

    // 2. Fetch every slice not done yet, all mailboxes in one pool.
    const jobs: { mailbox: string; slice: Slice }[] = [];
    for (const mailbox of params.mailboxes) {
      const state = cp.mailboxes[mailbox]!;
      for (const slice of state.slices ?? []) {
        counters.slices++;
        const done = state.done[slice.index];
        if (done) {
          counters.slicesDone++;
          counters.records += done.records;
        } else jobs.push({ mailbox, slice });
      }
    }
    progress();
    const ticker = setInterval(progress, 250);
    try {
      await Promise.all(
        jobs.map((job) =>
          limit(async () => {
            if (signal.aborted || failures.has(job.mailbox)) return;
            try {
              const result = await fetchSliceKept(
                ctx,
                params,
                dir,
                job.mailbox,
                job.slice,
                writeLedger,
                opts.onPageKept,
              );
              cp.mailboxes[job.mailbox]!.done[job.slice.index] = result;
              counters.slicesDone++;
              counters.records += result.records;
              writeLedger({
                type: 'slice',
                time: new Date().toISOString(),
                mailbox: job.mailbox,
                slice: job.slice.index,
                range: describeSlice(job.slice),
                pages: result.pages.length,
                received: result.records,
                // The API has no $count: a slice is complete when its last page came back short.
                expected: 'all records up to a short page',
                status: 'complete',
              });
              await checkpoint();
            } catch (err) {
              onFailure(job.mailbox, err);
            }
          }),
        ),
      );
    } finally {
      clearInterval(ticker);
      progress();
    }
    await saver.flush();
    if (fatalError) throw fatalError;
    opts.signal?.throwIfAborted();
    return await writeSummary(dir, cp, failures, counters);
  } finally {
    await ledger.close();
    await client.close();
    await digester.close();
  }
}
