/**
 * Imports a retriever acquisition directory: every page and metadata file is registered as
 * evidence (pages are checked against the SHA-256 the retriever recorded), then the pages are
 * read in their listed order, each with the mailbox of its page entry, and committed as one
 * run. The run records whether the acquisition was complete; `case info` flags it when not.
 *
 * Occurrence counting is per page: a true duplicate inside a response page is kept, while the
 * same record returned on two pages (the paging overlap) is stored once.
 *
 * Graph acquisitions (`fetch audit`, `fetch signins`) are told by their summary's `format` and
 * imported by import-graph-acquisition.ts with the same evidence handling.
 *
 * @module
 */
import { cp, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { EvidenceError, isMailtrailError, UsageError } from '../errors.js';
import { readActivityFile } from '../sources/activities-files/detect.js';
import { ACQUISITIONS_DIR, inCase, isInside } from './case-layout.js';
import { readAcquisitionManifest } from './acquisition-manifest.js';
import { failedUnit, type UnitStart } from './import-unit.js';
import { importAcquisitionUnit } from './acquisition-unit.js';
import type { ImportOptions, UnitResult } from './import-types.js';
import { ingestRecords, type IngestCounters } from './ingest-records.js';
import type { EvidenceKind } from './manifest.js';
import type { Case } from './open-case.js';
import type { StoreWrite } from '../store/index.js';
import { OccurrenceCounter } from './occurrence-counter.js';
import { hashFile } from './hash-file.js';
import { acquisitionFormat, GRAPH_ACQUISITION_FORMAT } from './graph-acquisition-manifest.js';
import { importGraphAcquisition } from './import-graph-acquisition.js';

const META_FILES = ['acquisition.json', 'ledger.jsonl', 'checkpoint.json'];

export async function importAcquisition(
  handle: Case,
  acqDir: string,
  opts: Omit<ImportOptions, 'format' | 'mailbox'> = {},
): Promise<UnitResult> {
  if ((await acquisitionFormat(acqDir)) === GRAPH_ACQUISITION_FORMAT)
    return importGraphAcquisition(handle, acqDir, opts);
  return importAcquisitionUnit(handle, acqDir, opts, {
    format: 'activities-api',
    read: readAcquisitionManifest,
    pages: (acq) => acq.pages,
    ingestPage: (page, at, ctx) =>
      ingestRecords(
        readActivityFile(at.path, 'activities-json', {
          displayName: at.file,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        }),
        {
          write: ctx.write,
          adapter: 'activities-api',
          runId: ctx.runId,
          mailbox: page.mailbox.toLowerCase(),
          counters: ctx.counters,
          occurrences: new OccurrenceCounter(1024),
          ...(page.request !== undefined ? { locatorExtra: { request: page.request } } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          onProgress: ctx.onProgress,
        },
      ),
    describe: (acq, rel) => ({
      acquisition: rel,
      id: acq.id,
      complete: acq.complete,
      pages: acq.pages.length,
      mailboxes: acq.mailboxes.map((m) => m.mailbox),
      incompleteMailboxes: acq.mailboxes
        .filter((m) => !m.complete)
        .map((m) => ({ mailbox: m.mailbox, missingSlices: m.missingSlices ?? [] })),
    }),
  });
}

/**
 * An acquisition import that failed: nothing of it is stored. An interrupt or an internal error
 * is recorded in the ledger and rethrown; a MailtrailError becomes the unit's failure.
 */
export async function rollbackAcquisition(
  handle: Case,
  unit: UnitStart,
  write: StoreWrite | undefined,
  counters: IngestCounters,
  facts: Parameters<typeof failedUnit>[3],
  err: unknown,
  signal: AbortSignal | undefined,
): Promise<UnitResult> {
  await write?.discard();
  if (signal?.aborted || !isMailtrailError(err)) {
    await handle.appendLedger({
      action: 'import.rollback',
      run: unit.runId,
      input: unit.input,
      reason: String((err as Error)?.message ?? err),
    });
    // An interrupt surfaces as whatever was running (a stream's AbortError, DuckDB's
    // INTERRUPT); report the reason the caller gave.
    throw signal?.aborted ? (signal.reason as unknown) : err;
  }
  return failedUnit(handle, unit, counters, facts, err);
}

/** What the evidence handling needs of any acquisition's summary. */
export interface AcquisitionFiles {
  readonly id: string;
  readonly pages: readonly { readonly file: string; readonly sha256?: string }[];
}

/**
 * An acquisition made with `--case` is already in `evidence/acquisitions/<id>`; one made
 * elsewhere (`--out`) is copied there first, so the case holds all its evidence.
 */
export async function bringIntoCase(handle: Case, dir: string, acq: AcquisitionFiles): Promise<string> {
  if (isInside(inCase(handle.dir, ACQUISITIONS_DIR), dir)) return dir;
  const target = inCase(handle.dir, `${ACQUISITIONS_DIR}/${acq.id}`);
  if (existsSync(target)) {
    const [a, b] = await Promise.all([
      hashFile(`${dir}/acquisition.json`),
      hashFile(`${target}/acquisition.json`),
    ]);
    if (a.sha256 !== b.sha256) {
      throw new UsageError(
        `[import] The case already holds a different acquisition with id ${acq.id} (${ACQUISITIONS_DIR}/${acq.id})`,
      );
    }
    return target;
  }
  await cp(dir, target, { recursive: true, errorOnExist: true, force: false });
  return target;
}

/**
 * Registers the acquisition's files as case evidence and checks each page (and each `extra`
 * file, such as kept query objects) against the SHA-256 its summary recorded.
 */
export async function registerAcquisition(
  handle: Case,
  dir: string,
  rel: string,
  acq: AcquisitionFiles,
  signal?: AbortSignal,
  extra: readonly { readonly file: string; readonly sha256?: string }[] = [],
): Promise<void> {
  const present = new Set(await readdir(dir));
  const files: { path: string; kind: EvidenceKind }[] = META_FILES.filter((f) => present.has(f)).map((f) => ({
    path: `${rel}/${f}`,
    kind: 'acquisition-meta',
  }));
  for (const page of acq.pages) files.push({ path: `${rel}/${page.file}`, kind: 'acquisition-page' });
  for (const e of extra) files.push({ path: `${rel}/${e.file}`, kind: 'acquisition-meta' });
  signal?.throwIfAborted();
  const entries = await handle.registerEvidenceFiles(files);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  for (const page of [...acq.pages, ...extra]) {
    const got = byPath.get(`${rel}/${page.file}`);
    if (page.sha256 !== undefined && got && got.sha256 !== page.sha256) {
      throw new EvidenceError(
        `[import] ${rel}/${page.file} does not match the SHA-256 recorded in acquisition.json ` +
          `(${page.sha256} expected, ${got.sha256} found): the page changed after retrieval`,
      );
    }
  }
}
