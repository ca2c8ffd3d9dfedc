/**
 * The life of one acquisition import, shared by every retriever's format (Activities pages,
 * Graph audit-query and sign-in pages): read the summary, bring the directory into the case and
 * register its files as evidence, read every listed page into one staged write, then commit it
 * as one run, or roll everything back. Only how a page is read and what the run records about
 * the acquisition differ, and the caller supplies those.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { StoreWrite } from '../store/index.js';
import { caseRelative, inCase } from './case-layout.js';
import type { AcquisitionFiles } from './import-acquisition.js';
import { bringIntoCase, registerAcquisition, rollbackAcquisition } from './import-acquisition.js';
import type { ImportOptions, UnitResult } from './import-types.js';
import { finishUnit, type UnitStart } from './import-unit.js';
import { IngestCounters } from './ingest-records.js';
import type { Case } from './open-case.js';
import { newRunId } from './run-id.js';

/** What the importer of one acquisition format supplies. */
export interface AcquisitionUnitSpec<M extends AcquisitionFiles & { readonly complete: boolean }, P> {
  /** Format name recorded before the summary could be read (e.g. on a failure to read it). */
  readonly format: string;
  /** Reads and checks the acquisition summary. */
  read(dir: string): Promise<M>;
  /** The format recorded for this acquisition, once read (default: `format`). */
  formatOf?(acq: M): string;
  /** Files beyond the pages and metadata to register as evidence. */
  extraFiles?(acq: M): readonly { readonly file: string; readonly sha256?: string }[];
  /** The pages to read, in order. */
  pages(acq: M): readonly P[];
  /** Reads one page (at `path`, shown to users as `file`) into the write. */
  ingestPage(page: P, at: { path: string; file: string }, ctx: PageContext): Promise<unknown>;
  /** What the run records about the acquisition (its `inputs` entry). */
  describe(acq: M, rel: string, format: string): Record<string, unknown>;
  /**
   * Whether the case counts the acquisition as complete (default: its `complete`); a format may
   * hold back more, e.g. slices whose record counts could not be verified.
   */
  complete?(acq: M): boolean;
}

export interface PageContext {
  /** The acquisition's format (`formatOf`). */
  readonly format: string;
  readonly write: StoreWrite;
  readonly runId: string;
  readonly counters: IngestCounters;
  readonly signal?: AbortSignal;
  readonly onProgress: (records: number) => void;
}

export async function importAcquisitionUnit<M extends AcquisitionFiles & { readonly complete: boolean }, P>(
  handle: Case,
  acqDir: string,
  opts: Omit<ImportOptions, 'format' | 'mailbox'>,
  spec: AcquisitionUnitSpec<M, P>,
): Promise<UnitResult> {
  const unit: UnitStart = {
    input: acqDir,
    kind: 'acquisition',
    runId: newRunId('acquisition'),
    startedAt: new Date(),
    t0: performance.now(),
  };
  const counters = new IngestCounters();
  const facts: { evidence?: string; format: string; mailboxes: string[] } = {
    format: spec.format,
    mailboxes: [],
  };
  const signal = opts.signal ? { signal: opts.signal } : {};
  const onProgress = (records: number) => opts.onProgress?.({ input: acqDir, phase: 'reading', records });
  let write: StoreWrite | undefined;
  try {
    const acq = await spec.read(acqDir);
    const format = spec.formatOf?.(acq) ?? spec.format;
    facts.format = format;
    const dir = await bringIntoCase(handle, resolve(acqDir), acq);
    const rel = caseRelative(handle.dir, dir);
    facts.evidence = rel;
    await registerAcquisition(handle, dir, rel, acq, opts.signal, spec.extraFiles?.(acq) ?? []);
    write = await handle.store.beginWrite(unit.runId, { dedupeStaged: true, ...signal });
    for (const page of spec.pages(acq)) {
      opts.signal?.throwIfAborted();
      const file = `${rel}/${(page as { file: string }).file}`;
      await spec.ingestPage(
        page,
        { path: inCase(handle.dir, file), file },
        { format, write, runId: unit.runId, counters, onProgress, ...signal },
      );
      onProgress(counters.records);
    }
    facts.mailboxes = [...counters.mailboxes].sort();
    opts.onProgress?.({ input: acqDir, phase: 'committing', records: counters.records });
    return await finishUnit(handle, unit, write, counters, {
      ...facts,
      strict: opts.strict === true,
      complete: spec.complete ? spec.complete(acq) : acq.complete,
      inputs: [spec.describe(acq, rel, format)],
      ...signal,
    });
  } catch (err) {
    return rollbackAcquisition(handle, unit, write, counters, facts, err, opts.signal);
  }
}
