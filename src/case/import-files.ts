/**
 * `importFiles`: each file is copied into the case as evidence (hashed), read, normalized and
 * committed in its own transaction. A file that fails (format, mailbox, `--strict` issues, I/O)
 * is rolled back and reported, and the others go on; an interrupt (AbortSignal) rolls back the
 * file in progress and stops. A directory holding `acquisition.json` is imported as an
 * acquisition (import-acquisition.ts).
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError, isMailtrailError } from '../errors.js';
import { detectActivityFileFormat, readActivityFile } from '../sources/activities-files/detect.js';
import type { ActivityFileFormat } from '../sources/activities-files/types.js';
import { inCase } from './case-layout.js';
import { importAcquisition } from './import-acquisition.js';
import { finishUnit, failedUnit, type UnitStart } from './import-unit.js';
import type { ImportOptions, ImportSummary, UnitResult } from './import-types.js';
import { IngestCounters, ingestRecords } from './ingest-records.js';
import type { Case } from './open-case.js';
import { confirmMailbox, prescanMailbox } from './resolve-mailbox.js';
import { MailboxTally } from '../sources/activities-files/infer-mailbox.js';
import { newRunId } from './run-id.js';
import { OccurrenceCounter } from './occurrence-counter.js';
import { ingestAuditFile } from './import-audit.js';
import {
  ADAPTER_OF_AUDIT_FORMAT,
  detectAuditFileFormat,
  type AuditFileFormat,
} from '../sources/audit/index.js';
import { ACTIVITY_FILE_FORMATS } from '../sources/activities-files/detect.js';

function isActivityFormat(f: ActivityFileFormat | AuditFileFormat): f is ActivityFileFormat {
  return (ACTIVITY_FILE_FORMATS as readonly string[]).includes(f);
}

/** The adapter name each file format records in `source.adapter`. */
export const ADAPTER_OF_FORMAT = {
  'crowdstrike-csv': 'activities-csv',
  'activities-json': 'activities-json',
  'activities-ndjson': 'activities-ndjson',
  'emulator-dataset': 'emulator-dataset',
} as const satisfies Record<ActivityFileFormat, string>;

export async function importFiles(
  handle: Case,
  paths: readonly string[],
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const units: UnitResult[] = [];
  for (const path of paths) {
    opts.signal?.throwIfAborted();
    const isAcquisition = existsSync(join(path, 'acquisition.json')) && statSync(path).isDirectory();
    units.push(
      isAcquisition ? await importAcquisition(handle, path, opts) : await importFile(handle, path, opts),
    );
  }
  return { caseDir: handle.dir, units, ms: performance.now() - started };
}

/** Imports one file; never throws for the file's own problems (they are in the result). */
export async function importFile(handle: Case, path: string, opts: ImportOptions = {}): Promise<UnitResult> {
  const unit: UnitStart = {
    input: path,
    kind: 'file',
    runId: newRunId('import'),
    startedAt: new Date(),
    t0: performance.now(),
  };
  let counters = new IngestCounters();
  const tally = new MailboxTally();
  const progress = (phase: 'copying' | 'inferring-mailbox' | 'reading' | 'committing') => (records: number) =>
    opts.onProgress?.({ input: path, phase, records });
  let write: Awaited<ReturnType<typeof handle.store.beginWrite>> | undefined;
  // Both paths (Activities, audit) end the same way: commit the run and describe the input.
  const finish = (input: Record<string, unknown>) => {
    facts.mailboxes = [...counters.mailboxes].sort();
    progress('committing')(counters.records);
    return finishUnit(handle, unit, write!, counters, {
      ...facts,
      strict: opts.strict === true,
      complete: true,
      inputs: [{ path, evidence: facts.evidence, sha256: facts.sha256, ...input }],
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  };
  const facts: {
    evidence?: string;
    sha256?: string;
    format?: ActivityFileFormat | AuditFileFormat;
    mailboxes: string[];
  } = {
    mailboxes: [],
  };
  try {
    progress('copying')(0);
    const ev = await handle.addEvidenceFile(path, opts.signal ? { signal: opts.signal } : {});
    facts.evidence = ev.path;
    facts.sha256 = ev.sha256;
    const abs = inCase(handle.dir, ev.path);
    const forced = opts.format;
    let format: ActivityFileFormat | null =
      forced === undefined ? await detectActivityFileFormat(abs) : isActivityFormat(forced) ? forced : null;
    let audit: AuditFileFormat | null = forced !== undefined && !isActivityFormat(forced) ? forced : null;
    // Any JSON array or `{"value": [...]}` page looks like Activities JSON; a Graph sign-in page
    // or an AuditData array has that shape too, so for those the audit detector decides.
    if (forced === undefined && (format === null || format === 'activities-json')) {
      audit = await detectAuditFileFormat(abs);
      if (audit !== null) format = null;
    }
    if (audit !== null) {
      facts.format = audit;
      write = await handle.store.beginWrite(unit.runId, {
        // One audit record can appear twice in one export (ReturnLargeSet paging): keep it once.
        dedupeStaged: true,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const mailbox = opts.mailbox?.toLowerCase();
      const skipped = await ingestAuditFile(abs, audit, {
        write,
        runId: unit.runId,
        counters,
        displayName: ev.path,
        ...(mailbox !== undefined ? { mailbox } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: progress('reading'),
      });
      return await finish({
        format: audit,
        adapter: ADAPTER_OF_AUDIT_FORMAT[audit],
        mailbox: mailbox ?? null,
        otherMailboxEventsSkipped: skipped,
      });
    }
    if (format === null) {
      throw new FormatError(
        `[import] Cannot tell the format of ${path}: expected an Activities file (CrowdStrike CSV, JSON pages, ` +
          'NDJSON, emulator data set), a Unified Audit Log export or Entra sign-in logs; pass --format if it is one of these',
      );
    }
    facts.format = format;
    // Usually reads only up to the first ServerLogon; confirmed below against the whole file.
    const resolved = await prescanMailbox(
      abs,
      format,
      path,
      opts.mailbox,
      opts.signal,
      progress('inferring-mailbox'),
    );
    write = await handle.store.beginWrite(unit.runId, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      onLossy: (e) =>
        counters.countIssue({
          code: 'import.text.lone_surrogate',
          severity: 'warning',
          message: 'Text with an unpaired UTF-16 surrogate was stored with U+FFFD in its place',
          locator: e.source.locator,
        }),
    });
    await ingestRecords(
      readActivityFile(abs, format, {
        displayName: ev.path,
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
      {
        write,
        adapter: ADAPTER_OF_FORMAT[format],
        runId: unit.runId,
        mailbox: resolved.mailbox,
        counters,
        occurrences: new OccurrenceCounter(),
        ...(resolved.provisional ? { tally } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onProgress: progress('reading'),
      },
    );
    if (resolved.provisional) {
      try {
        confirmMailbox(resolved.mailbox!, tally, path);
      } catch (err) {
        // Refused as if no record had been read, exactly as a refusal before reading was.
        counters = new IngestCounters();
        throw err;
      }
    }
    return await finish({
      format,
      adapter: ADAPTER_OF_FORMAT[format],
      mailbox: resolved.mailbox ?? null,
      mailboxFrom: resolved.how,
    });
  } catch (err) {
    await write?.discard();
    if (opts.signal?.aborted || !isMailtrailError(err)) {
      await handle.appendLedger({
        action: 'import.rollback',
        run: unit.runId,
        input: path,
        reason: String((err as Error)?.message ?? err),
      });
      // An interrupt surfaces as whatever was running (a stream's AbortError, DuckDB's
      // INTERRUPT); report the reason the caller gave.
      throw opts.signal?.aborted ? (opts.signal.reason as unknown) : err;
    }
    return failedUnit(handle, unit, counters, facts, err);
  }
}
