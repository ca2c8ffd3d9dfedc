/**
 * Import of today's audit evidence — Unified Audit Log exports in every form and Entra ID
 * sign-in logs — into a case: the same rules as for Activities files (evidence copied and
 * hashed first, all-or-nothing per file, issues recorded, `--strict`), with the audit sources'
 * own identity: a record is its AuditData `Id` (or sign-in id), so the same record exported twice,
 * in one file or in overlapping ones, is stored once.
 *
 * @module
 */
import {
  ADAPTER_OF_AUDIT_FORMAT,
  normalizeAuditRecord,
  readAuditFile,
  type AuditFileFormat,
} from '../sources/audit/index.js';
import type { StoreWrite } from '../store/index.js';
import { stagingBuffer, type IngestCounters } from './ingest-records.js';

export interface AuditIngestContext {
  readonly write: StoreWrite;
  readonly runId: string;
  readonly counters: IngestCounters;
  /** Evidence name used in locators (the case-relative path). */
  readonly displayName: string;
  /** Only events of this mailbox are kept (`--mailbox`); the others are counted as skipped. */
  readonly mailbox?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (records: number) => void;
}

/** Reads, normalizes and stages one audit file. Returns how many events `--mailbox` left out. */
export async function ingestAuditFile(
  path: string,
  format: AuditFileFormat,
  ctx: AuditIngestContext,
): Promise<number> {
  const buffer = stagingBuffer(ctx.write, ctx.counters, ctx.signal);
  let skipped = 0;
  const adapter = ADAPTER_OF_AUDIT_FORMAT[format];
  for await (const item of readAuditFile(path, format, {
    displayName: ctx.displayName,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  })) {
    if (item.type === 'issue') buffer.addIssue(item.issue);
    else {
      ctx.counters.records++;
      const normalized = normalizeAuditRecord(item.record, { adapter, ingestId: ctx.runId });
      for (const i of normalized.issues) buffer.addIssue(i);
      for (const e of normalized.events) {
        if (ctx.mailbox !== undefined && e.mailbox !== ctx.mailbox) {
          skipped++;
          continue;
        }
        buffer.addEvent(e);
      }
      if (ctx.counters.records % 10_000 === 0) ctx.onProgress?.(ctx.counters.records);
    }
    if (buffer.full) await buffer.flush();
  }
  await buffer.flush();
  return skipped;
}
