/**
 * `mailtrail report`: reads the events (from a case, or straight from evidence files), runs the
 * investigation (two passes, see analyses/investigate.ts), enriches IPs offline between the
 * passes, and writes the requested outputs — report.json and/or the Magic Unicorn TSVs — each to
 * a temporary name renamed into place. Returns the investigation and a summary for the caller
 * (the CLI and the demo print "suspect sessions and the exposure summary").
 *
 * @module
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createAnalysisPass,
  createIndexPass,
  type Investigation,
  type InvestigationOptions,
} from '../../analyses/investigate.js';
import type { FindingOptions } from '../../analyses/findings/types.js';
import type { AnalysisEvent } from '../../analyses/types.js';
import { UsageError } from '../../errors.js';
import type { MailboxEvent } from '../../model/event.js';
import { jsonChunks, type JsonDocument } from '../../report/json.js';
import { openCase } from '../open-case.js';
import { enrichIps, type GeoSource } from '../enrich/geoip.js';
import { readLightEvents, StringInterner } from './case-event-source.js';
import { fileEventSource, type InputInfo } from './event-source.js';
import { incompleteEvidence } from './incomplete-evidence.js';
import { reportDocument } from './report-document.js';
import { AtomicTextFile } from './tsv-files.js';
import { runUnicorn, type UnicornResult } from './unicorn.js';
// Formats beyond json/unicorn (html, xlsx, csv, jsonl, timesketch, ecs, parquet; --redact).
import {
  MORE_FORMATS,
  needsDocument,
  prepareMoreFormats,
  type MoreFormat,
  type MoreFormatOptions,
} from './more-formats.js';

export type ReportFormat = 'unicorn' | 'json' | MoreFormat;
/** The default formats. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['unicorn', 'json'];
/** Every format `--format` accepts. */
export const ALL_REPORT_FORMATS: readonly ReportFormat[] = ['unicorn', 'json', ...MORE_FORMATS];

export interface ReportOptions extends MoreFormatOptions {
  /** Read events from this case (mutually exclusive with `inputs`). */
  readonly caseDir?: string;
  /** Read events straight from these Activities evidence files. */
  readonly inputs?: readonly string[];
  readonly outDir: string;
  /** Default: both. */
  readonly formats?: readonly ReportFormat[];
  /** Title: the TSV file name prefix and report.json's meta.title. Default `mailtrail`. */
  readonly title?: string;
  readonly suspectIps?: readonly string[];
  readonly suspectSessions?: readonly string[];
  /** Mailbox of files that name none; for a case, only this mailbox is reported. */
  readonly mailbox?: string;
  readonly geoCity?: string;
  readonly geoAsn?: string;
  readonly noGeo?: boolean;
  readonly findings?: Partial<FindingOptions>;
  readonly sessions?: InvestigationOptions['sessions'];
  readonly signal?: AbortSignal;
  /** Clock for meta.generatedAt (tests pin it). */
  readonly now?: () => Date;
}

export interface SuspectSummary {
  readonly mailbox: string;
  readonly sessionId: string;
  readonly app: string | null;
  readonly ip: string | null;
  readonly start: string;
  readonly end: string;
  readonly reasons: readonly string[];
}

export interface ReportSummary {
  readonly events: number;
  readonly mailboxes: readonly string[];
  readonly findings: readonly { readonly rule: string; readonly level: string; readonly hits: number }[];
  readonly suspects: readonly SuspectSummary[];
  /** Null when there were no suspects. */
  readonly exposure: {
    readonly basis: 'explicit' | 'findings';
    readonly suspectIps: readonly string[];
    readonly searches: readonly string[];
    readonly reads: number;
    readonly attachments: number;
    readonly actions: number;
    readonly messages: number;
  } | null;
}

export interface ReportResult {
  readonly outDir: string;
  readonly files: readonly string[];
  /** Null when only the unicorn format was requested (it streams, nothing is held). */
  readonly investigation: Investigation | null;
  readonly summary: ReportSummary | null;
  readonly unicorn: UnicornResult | null;
  readonly geo: readonly GeoSource[];
  /** With --redact: the file holding the key and the token → original map (never a report). */
  readonly redactionMap: string | null;
}

export async function runReport(options: ReportOptions): Promise<ReportResult> {
  const formats = options.formats ?? REPORT_FORMATS;
  if ((options.caseDir === undefined) === ((options.inputs?.length ?? 0) === 0))
    throw new UsageError('[report] Give either --case DIR or --input FILE (one or more), not both');
  const title = options.title ?? 'mailtrail';
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const signal = options.signal;
  const kase = options.caseDir !== undefined ? await openCase(options.caseDir, { readOnly: true }) : null;
  try {
    const more = await prepareMoreFormats({
      formats,
      options,
      kase,
      outDir,
      ...(kase && options.mailbox ? { mailbox: options.mailbox.toLowerCase() } : {}),
    });
    let events: (s?: AbortSignal) => AsyncIterable<AnalysisEvent>;
    /** What the investigation reads: from a case, only the columns it needs (case-event-source.ts). */
    let analysisEvents: (s?: AbortSignal) => AsyncIterable<AnalysisEvent>;
    let inputs: readonly InputInfo[] | readonly Record<string, unknown>[];
    const gaps = kase ? incompleteEvidence(await kase.store.runs()) : [];
    if (kase) {
      const filter = options.mailbox ? { mailbox: options.mailbox.toLowerCase() } : {};
      events = () => kase.store.readEvents(filter);
      const interner = new StringInterner();
      analysisEvents = () =>
        readLightEvents(kase.store, { interner, ...(options.mailbox ? { mailbox: options.mailbox } : {}) });
      inputs = [{ case: kase.dir, mailbox: options.mailbox?.toLowerCase() ?? null }];
    } else {
      const src = await fileEventSource(options.inputs!, {
        ...(options.mailbox ? { mailbox: options.mailbox } : {}),
        ...(signal ? { signal } : {}),
      });
      events = (s) => src.events(s);
      analysisEvents = events;
      inputs = src.inputs;
    }

    let investigation: Investigation | null = null;
    let geo: readonly GeoSource[] = [];
    let doc: ReturnType<typeof reportDocument> | null = null;
    let geoLookup: Parameters<typeof createAnalysisPass>[1] | null = null;
    if (formats.includes('json') || needsDocument(formats)) {
      const invOptions: InvestigationOptions = {
        ...(options.sessions ? { sessions: options.sessions } : {}),
        ...(options.findings ? { findings: options.findings } : {}),
        ...(options.suspectIps ? { suspectIps: options.suspectIps } : {}),
        ...(options.suspectSessions ? { suspectSessions: options.suspectSessions } : {}),
      };
      const p1 = createIndexPass(invOptions);
      for await (const e of analysisEvents(signal)) p1.add(e);
      const index = p1.result();
      const enrichment = await enrichIps(index.ips, {
        ...(options.geoCity ? { cityDb: options.geoCity } : {}),
        ...(options.geoAsn ? { asnDb: options.geoAsn } : {}),
        ...(options.noGeo ? { disabled: true } : {}),
      });
      geo = enrichment.sources;
      geoLookup = enrichment.lookup;
      const p2 = createAnalysisPass(index, enrichment.lookup, invOptions);
      for await (const e of analysisEvents(signal)) p2.add(e);
      investigation = p2.result();
      doc = reportDocument(investigation, {
        title,
        generatedAt: (options.now ?? (() => new Date()))().toISOString(),
        inputs,
        geo,
        incompleteEvidence: gaps,
        options: {
          formats,
          suspectIps: options.suspectIps ?? [],
          suspectSessions: options.suspectSessions ?? [],
          mailbox: options.mailbox ?? null,
          geoCity: options.geoCity ?? null,
          geoAsn: options.geoAsn ?? null,
          noGeo: options.noGeo ?? false,
        },
      });
      doc = more.document(doc);
    }
    if (doc && formats.includes('json')) {
      const path = join(outDir, 'report.json');
      const out = new AtomicTextFile(path);
      try {
        for (const chunk of jsonChunks(doc as unknown as JsonDocument)) out.write(chunk);
        out.commit();
      } catch (err) {
        out.abort();
        throw err;
      }
      files.push(path);
    }

    let unicorn: UnicornResult | null = null;
    if (formats.includes('unicorn')) {
      unicorn = await runUnicorn({
        inputs: options.inputs ?? [],
        outDir,
        title,
        ...(options.mailbox ? { mailbox: options.mailbox } : {}),
        ...(options.sessions ? { sessions: options.sessions } : {}),
        ...(signal ? { signal } : {}),
        ...(kase
          ? {
              events: async (onEvent: (e: AnalysisEvent, timeText: string) => void) => {
                for await (const e of events(signal)) onEvent(e, rawTimeStamp(e));
              },
            }
          : {}),
      });
      files.push(...unicorn.files);
    }
    files.push(...(await more.render({ doc, events, geo: geoLookup, ...(signal ? { signal } : {}) })));
    return {
      outDir,
      files,
      investigation,
      summary: investigation ? summarize(investigation) : null,
      unicorn,
      geo,
      redactionMap: more.redactionMap,
    };
  } finally {
    await kase?.close();
  }
}

/** The suspects and exposure in a few lines' worth of data. */
export function summarize(inv: Investigation): ReportSummary {
  const suspects: SuspectSummary[] = inv.sessions
    .filter((s) => s.suspect)
    .map((s) => ({
      mailbox: s.mailbox,
      sessionId: s.sessionId,
      app: s.app,
      ip: s.ip,
      start: s.start,
      end: s.end,
      reasons: s.suspectReasons,
    }));
  const x = inv.exposure;
  return {
    events: inv.index.events,
    mailboxes: inv.index.mailboxes.map((m) => m.mailbox),
    findings: inv.findings.summaries.map((s) => ({ rule: s.rule, level: s.level, hits: s.hits })),
    suspects,
    exposure: x
      ? {
          basis: x.basis,
          suspectIps: x.suspectIps,
          searches: [...new Set(x.searches.map((s) => s.query))],
          reads: x.reads.length,
          attachments: x.attachments.length,
          actions: x.actions.length,
          messages: x.messages.length,
        }
      : null,
  };
}

function rawTimeStamp(e: AnalysisEvent): string {
  const raw = (e as Partial<MailboxEvent>).raw;
  const ts = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.TimeStamp : undefined;
  return typeof ts === 'string' ? ts : e.time;
}
