/**
 * Re-readable event streams for reports: events from evidence files read directly (each pass
 * reads the files again; nothing is loaded whole), or from a case store. Evidence files may be
 * Activities files or today's audit files (UAL exports, Entra sign-ins; detected when the
 * Activities detection says no), mixed freely: their events are normalized exactly as an import
 * would, with the same ids.
 *
 * @module
 */
import { basename } from 'node:path';
import type { AnalysisEvent } from '../../analyses/types.js';
import type { MailboxEvent } from '../../model/event.js';
import type { Issue } from '../../model/issue.js';
import { normalizeActivity } from '../../sources/activities-api/normalize.js';
import { detectActivityFileFormat, readActivityFile } from '../../sources/activities-files/detect.js';
import type { ActivityFileFormat } from '../../sources/activities-files/types.js';
import {
  ADAPTER_OF_AUDIT_FORMAT,
  detectAuditFileFormat,
  normalizeAuditRecord,
  readAuditFile,
  type AuditFileFormat,
} from '../../sources/audit/index.js';
import { FormatError } from '../../errors.js';
import { ADAPTER_OF_FORMAT } from '../import-files.js';
import { resolveMailbox } from '../resolve-mailbox.js';
import { ANALYSIS_PROPERTIES, liteEvent } from './lite-event.js';
import { scanCrowdStrikeCsv } from './csv-scan.js';

/** A source of events that can be read more than once, in the same order each time. */
export interface EventSource {
  /** Every event (full MailboxEvents when available). */
  events(signal?: AbortSignal): AsyncIterable<AnalysisEvent>;
  /** What was read, for the report's meta (filled during the first pass). */
  readonly inputs: InputInfo[];
}

export interface InputInfo {
  readonly path: string;
  format: ActivityFileFormat | AuditFileFormat | 'case';
  mailbox: string | null;
  mailboxFrom: 'dataset' | 'option' | 'inferred' | 'case';
  records: number;
  events: number;
  issues: Record<string, number>;
}

/** Events of evidence files, normalized exactly as an import would (same event ids). */
export async function fileEventSource(
  paths: readonly string[],
  options: { readonly mailbox?: string; readonly signal?: AbortSignal } = {},
): Promise<EventSource> {
  const files: { path: string; format: ActivityFileFormat; mailbox: string | undefined; info: InputInfo }[] =
    [];
  const audits: { path: string; format: AuditFileFormat; info: InputInfo }[] = [];
  const only = options.mailbox?.toLowerCase();
  for (const path of paths) {
    let format = await detectActivityFileFormat(path);
    // The Activities detection takes any JSON array or `{"value": [...]}` page as Activities
    // JSON; a Graph signIns page or an AuditData array is that shape too, so for those the audit
    // detection (which looks at the records themselves) decides.
    const audit = format === null || format === 'activities-json' ? await detectAuditFileFormat(path) : null;
    if (audit !== null) format = null;
    if (format === null) {
      if (audit === null)
        throw new FormatError(
          `[report] Cannot tell the format of ${path}: expected an Activities evidence file, a Unified Audit Log export or Entra sign-in logs`,
        );
      audits.push({
        path,
        format: audit,
        info: {
          path,
          format: audit,
          mailbox: only ?? null,
          mailboxFrom: only ? 'option' : 'dataset',
          records: 0,
          events: 0,
          issues: {},
        },
      });
      continue;
    }
    const r = await resolveMailbox(path, format, path, options.mailbox, options.signal);
    files.push({
      path,
      format,
      mailbox: r.mailbox,
      info: {
        path,
        format,
        mailbox: r.mailbox ?? null,
        mailboxFrom: r.how,
        records: 0,
        events: 0,
        issues: {},
      },
    });
  }
  let pass = 0;
  return {
    inputs: [...files.map((f) => f.info), ...audits.map((a) => a.info)],
    async *events(signal) {
      const first = pass++ === 0;
      for (const f of files) {
        const occurrences = new Map<string, number>();
        let row = 0;
        for await (const item of readActivityFile(f.path, f.format, {
          displayName: basename(f.path),
          ...(signal ? { signal } : {}),
        })) {
          if (item.type === 'issue') {
            if (first) countIssue(f.info, item.issue);
            continue;
          }
          row++;
          const rec = item.record;
          const mailbox = rec.mailbox ?? f.mailbox;
          if (mailbox === undefined) continue;
          const context = {
            mailbox,
            adapter: ADAPTER_OF_FORMAT[f.format],
            locator: rec.locator,
            rawSha256: rec.rawSha256,
            raw: rec.raw,
          };
          let { event, issues } = normalizeActivity(rec.fields, context);
          if (event) {
            const occurrence = occurrences.get(event.id) ?? 0;
            occurrences.set(event.id, occurrence + 1);
            if (occurrence > 0)
              ({ event, issues } = normalizeActivity(rec.fields, { ...context, occurrence }));
          }
          if (first) {
            f.info.records = row;
            for (const i of issues) countIssue(f.info, i);
            if (event) f.info.events++;
          }
          if (event) yield event;
        }
      }
      // Audit records: one record may be in several exports (overlapping windows, UAL + Graph), so
      // events are de-duplicated by id, as the store does on import.
      const seen = new Set<string>();
      for (const a of audits) {
        const occurrences = new Map<string, number>();
        for await (const item of readAuditFile(a.path, a.format, {
          displayName: basename(a.path),
          ...(signal ? { signal } : {}),
        })) {
          if (item.type === 'issue') {
            if (first) countIssue(a.info, item.issue);
            continue;
          }
          const adapter = ADAPTER_OF_AUDIT_FORMAT[item.record.format];
          let n = normalizeAuditRecord(item.record, { adapter });
          // Records without an Id have a content-hash identity: count identical copies.
          if (n.issues.some((i) => i.code === 'ual.id.missing' || i.code === 'signin.id.missing')) {
            const id = n.events[0]?.id;
            if (id !== undefined) {
              const occurrence = occurrences.get(id) ?? 0;
              occurrences.set(id, occurrence + 1);
              if (occurrence > 0) n = normalizeAuditRecord(item.record, { adapter, occurrence });
            }
          }
          if (first) {
            a.info.records++;
            for (const i of n.issues) countIssue(a.info, i);
          }
          for (const e of n.events) {
            if (only !== undefined && e.mailbox !== only) continue;
            if (seen.has(e.id)) continue;
            seen.add(e.id);
            if (first) a.info.events++;
            yield e;
          }
        }
      }
    },
  };
}

/**
 * Light events of an evidence file for the streaming Magic Unicorn reports, handed to `onEvent`
 * one at a time (the reducers it feeds are synchronous, so nothing accumulates): the fast CSV
 * scan where the file allows it (no event ids: the TSV reports cite none), else the full reader.
 * `timeText` is each event's TimeStamp as recorded.
 */
export async function forEachLiteEvent(
  path: string,
  mailbox: string | undefined,
  wants: (type: string) => ReadonlySet<string> | null,
  onEvent: (event: AnalysisEvent, timeText: string) => void,
  mode: 'fast' | 'full',
  signal?: AbortSignal,
  only?: ReadonlySet<string>,
): Promise<void> {
  if (mode === 'fast') {
    // Throws FastScanUnsupported (possibly after some rows): the caller starts over with 'full'.
    await scanCrowdStrikeCsv(
      path,
      wants,
      (fields, props) => {
        const event = liteEvent(fields, props, mailbox ?? '');
        if (event) onEvent(event, fields.timeStamp);
      },
      { ...(signal ? { signal } : {}), ...(only ? { only } : {}) },
    );
    return;
  }
  const src = await fileEventSource([path], {
    ...(mailbox ? { mailbox } : {}),
    ...(signal ? { signal } : {}),
  });
  for await (const e of src.events(signal)) {
    if (only && !only.has(e.operation)) continue;
    const raw = (e as MailboxEvent).raw;
    const ts = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.TimeStamp : undefined;
    onEvent(e, typeof ts === 'string' ? ts : e.time);
  }
}

/** The property names the analyses read, as a set (for the fast scan). */
export const ANALYSIS_PROPERTY_SET: ReadonlySet<string> = new Set(ANALYSIS_PROPERTIES);

function countIssue(info: InputInfo, issue: Issue): void {
  info.issues[issue.code] = (info.issues[issue.code] ?? 0) + 1;
}
