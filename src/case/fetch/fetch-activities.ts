/**
 * `fetch activities` orchestration: probe each mailbox's range, split it into time slices, fetch
 * the slices in parallel, keep every response page as gzip evidence with its hashes, record every
 * request attempt in the ledger, checkpoint after each finished slice, and write the acquisition
 * summary. An acquisition that could not complete says exactly which slices are missing.
 *
 * @module
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import pLimit from 'p-limit';
import { SourceError } from '../../errors.js';
import { sha256Hex } from '../../model/ids.js';
import { HttpClient, TransportError } from '../../sources/_http/client.js';
import type { CredentialProvider } from '../../sources/_http/credentials.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../../sources/_http/retry-policy.js';
import { fetchSlice, probeRange } from '../../sources/activities-api/acquire.js';
import { requestPath, type TimeBound } from '../../sources/activities-api/query.js';
import type { AttemptRecord, RequestContext } from '../../sources/activities-api/request.js';
import { describeSlice, planSlices, type Slice } from '../../sources/activities-api/slices.js';
import { VERSION } from '../../version.js';
import { writeFileAtomic } from '../atomic-write.js';
import { createPageDigester, GZIP_LEVEL, type PageEvidence } from './page-digester.js';
import {
  ACQUISITION_FORMAT,
  loadCheckpoint,
  newCheckpoint,
  paramsMismatch,
  saveCheckpoint,
  type AcquisitionParams,
  type AcquisitionSummary,
  type Checkpoint,
  type MailboxSummary,
  type PageEntry,
} from './acquisition-state.js';

const gzipAsync = promisify(gzip);

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
  /** A page was kept (for tests that interrupt a retrieval at a known point). */
  readonly onPageKept?: (entry: PageEntry) => void;
}

/** Minimum slice length: finer slices only cost requests. */
const MIN_SLICE_MS = 60_000;
/** A slice whose pages repeat a record id is fetched again this many times before giving up. */
const SLICE_REFETCHES = 2;

export async function fetchActivities(opts: FetchActivitiesOptions): Promise<AcquisitionSummary> {
  const { params, dir } = opts;
  await mkdir(dir, { recursive: true });
  const cp = opts.resume
    ? await loadCheckpoint(dir)
    : newCheckpoint(basenameOf(dir), params, new Date().toISOString());
  if (opts.resume) {
    const diff = paramsMismatch(params, cp.params);
    if (diff)
      throw new SourceError(
        `[fetch] cannot resume ${dir}: the request differs from the checkpoint (${diff})`,
      );
  }
  await saveCheckpoint(dir, cp);

  const ledger = createWriteStream(join(dir, 'ledger.jsonl'), { flags: 'a' });
  const writeLedger = (entry: object) => ledger.write(JSON.stringify(entry) + '\n');
  if (opts.resume) {
    // Pages of slices that never finished are fetched again under the same names; drop leftovers
    // (and half-written temporary files of a killed run) so only listed pages remain as evidence.
    const removed = await removeUnlistedPages(dir, cp);
    writeLedger({ type: 'resume', time: new Date().toISOString(), removedUnfinishedPages: removed });
  }
  const client = new HttpClient({ connections: opts.concurrency, timeoutMs: opts.timeoutMs });
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
  let saving = Promise.resolve();
  const checkpoint = () => (saving = saving.then(() => saveCheckpoint(dir, cp)));
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
              const result = await fetchSliceChecked(
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
    await saving;
    if (fatalError) throw fatalError;
    opts.signal?.throwIfAborted();
    return await writeSummary(dir, cp, failures, counters);
  } finally {
    await new Promise<void>((resolve) => ledger.end(resolve));
    await client.close();
    await digester.close();
  }
}

// --- Internal helpers ---

async function fetchSliceChecked(
  ctx: RequestContext,
  params: AcquisitionParams,
  dir: string,
  mailbox: string,
  slice: Slice,
  writeLedger: (e: object) => void,
  onPageKept?: (entry: PageEntry) => void,
): Promise<{ pages: PageEntry[]; records: number }> {
  for (let round = 0; ; round++) {
    const seen = new Set<string>();
    let repeated: string | undefined;
    const pages: PageEntry[] = [];
    const target = { baseUrl: params.baseUrl, mailbox, types: params.types };
    const { records } = await fetchSlice(ctx, target, slice, async (page, pageIndex) => {
      for (const id of page.ids) {
        if (seen.has(id)) repeated ??= id;
        seen.add(id);
      }
      const evidence = page.extra as PageEvidence | undefined;
      const gz = evidence?.gz ?? (await gzipAsync(page.body, { level: GZIP_LEVEL }));
      const file = `pages/${safeName(mailbox)}/${pad(slice.index)}-${pad(pageIndex + 1)}.json.gz`;
      await mkdir(join(dir, 'pages', safeName(mailbox)), { recursive: true });
      await writeFileAtomic(join(dir, file), gz);
      const entry: PageEntry = {
        file,
        mailbox,
        slice: slice.index,
        page: pageIndex + 1,
        request: requestPath(page.url),
        records: page.count,
        sha256: evidence?.sha256 ?? sha256Hex(gz),
        bodySha256: evidence?.bodySha256 ?? sha256Hex(page.body),
      };
      pages.push(entry);
      onPageKept?.(entry);
    });
    if (!repeated) return { pages, records };
    // $skip paging is only exact when the server's order is stable; a repeated id proves it was not.
    writeLedger({
      type: 'unstable-order',
      time: new Date().toISOString(),
      mailbox,
      slice: slice.index,
      repeatedId: repeated,
      round,
    });
    if (round >= SLICE_REFETCHES) {
      throw new SourceError(
        `[fetch] slice ${describeSlice(slice)} of ${mailbox} returned record ${repeated} twice in ${round + 1} attempts: the server's order is not stable`,
      );
    }
  }
}

async function writeSummary(
  dir: string,
  cp: Checkpoint,
  failures: Map<string, string>,
  counters: { requests: number; retries: number },
): Promise<AcquisitionSummary> {
  const mailboxes: MailboxSummary[] = [];
  const pages: PageEntry[] = [];
  for (const mailbox of cp.params.mailboxes) {
    const state = cp.mailboxes[mailbox]!;
    const missing: string[] = [];
    let records = 0;
    if (!state.slices) missing.push('the whole period (the mailbox could not be probed)');
    for (const slice of state.slices ?? []) {
      const done = state.done[slice.index];
      if (!done) missing.push(describeSlice(slice));
      else {
        records += done.records;
        pages.push(...done.pages);
      }
    }
    const error = failures.get(mailbox);
    mailboxes.push({
      mailbox,
      complete: missing.length === 0,
      records,
      missingSlices: missing,
      ...(error ? { error } : {}),
    });
  }
  const summary: AcquisitionSummary = {
    format: ACQUISITION_FORMAT,
    version: 1,
    id: cp.id,
    tool: `mailtrail ${VERSION}`,
    baseUrl: cp.params.baseUrl,
    startedAt: cp.startedAt,
    finishedAt: new Date().toISOString(),
    complete: mailboxes.every((m) => m.complete),
    query: { start: cp.params.start, end: cp.params.end, types: cp.params.types },
    mailboxes,
    pages,
    requests: counters.requests,
    retries: counters.retries,
  };
  await writeFileAtomic(join(dir, 'acquisition.json'), JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

async function removeUnlistedPages(dir: string, cp: Checkpoint): Promise<string[]> {
  const listed = new Set<string>();
  for (const state of Object.values(cp.mailboxes)) {
    for (const done of Object.values(state.done)) for (const p of done.pages) listed.add(p.file);
  }
  const removed: string[] = [];
  const root = join(dir, 'pages');
  if (!existsSync(root)) return removed;
  for (const mailboxDir of await readdir(root)) {
    for (const name of await readdir(join(root, mailboxDir))) {
      const rel = `pages/${mailboxDir}/${name}`;
      if (!listed.has(rel)) {
        await rm(join(dir, rel), { force: true });
        removed.push(rel);
      }
    }
  }
  return removed;
}

function mailboxFinished(cp: Checkpoint, mailbox: string): boolean {
  const s = cp.mailboxes[mailbox];
  return !!s?.slices && s.slices.every((sl) => s.done[sl.index]);
}

function safeName(mailbox: string): string {
  return mailbox.replace(/[^A-Za-z0-9@._+-]/g, '_');
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

function basenameOf(dir: string): string {
  return (
    dir
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? dir
  );
}
