/**
 * The report formats beyond report.json and the Magic Unicorn TSVs: `html`, `xlsx`, `csv`,
 * `jsonl` (rendered from the report document) and `timesketch`, `ecs`, `parquet` (one line or
 * row per normalized event), plus `--redact`, which pseudonymises every output consistently.
 * Wiring only: the renderers live in report/*, the analyses computed everything. Every file is
 * written under a temporary name and renamed into place.
 *
 * @module
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { GeoLookup } from '../../analyses/logons/geo.js';
import type { AnalysisEvent } from '../../analyses/types.js';
import { UsageError } from '../../errors.js';
import type { MailboxEvent } from '../../model/event.js';
import { csvChunks } from '../../report/csv/index.js';
import { ecsLines, type IpLookup } from '../../report/ecs/index.js';
import { loadHtmlAssets } from '../../report/html/assets.js';
import { renderHtmlReport } from '../../report/html/index.js';
import { jsonlChunks } from '../../report/jsonl/index.js';
import {
  REDACT_CLASSES,
  createRedactor,
  redactDocument,
  redactEvent,
  type RedactClass,
  type Redactor,
} from '../../report/redact/index.js';
import { reportTables } from '../../report/tables/index.js';
import { checkTimeZone } from '../../report/tables/time-zone.js';
import { timesketchLine } from '../../report/timesketch/index.js';
import type { ReportDocument } from '../../report/types.js';
import { writeXlsx } from '../../report/xlsx/index.js';
import { enrichIps, type GeoOptions } from '../enrich/geoip.js';
import type { Case } from '../open-case.js';
import { exportStoreParquet, StagedParquet } from './parquet-export.js';
import { PRIVATE_DIR, openRedactionKey, type RedactionKey } from './redaction-key.js';
import { AtomicTextFile } from './tsv-files.js';

export const MORE_FORMATS = ['html', 'xlsx', 'csv', 'jsonl', 'timesketch', 'ecs', 'parquet'] as const;
export type MoreFormat = (typeof MORE_FORMATS)[number];
/** Formats rendered from the report document (they need the investigation). */
const DOCUMENT_FORMATS: ReadonlySet<string> = new Set(['html', 'xlsx', 'csv', 'jsonl']);
/** Formats written from the normalized events. */
const EVENT_FORMATS: ReadonlySet<string> = new Set(['timesketch', 'ecs', 'parquet']);

export const OUTPUT_NAMES = {
  html: 'report.html',
  xlsx: 'report.xlsx',
  csv: 'csv',
  jsonl: 'jsonl',
  timesketch: 'timesketch.jsonl',
  ecs: 'ecs.ndjson',
  parquet: 'events.parquet',
} as const satisfies Record<MoreFormat, string>;

/** Options of the formats here (part of ReportOptions). */
export interface MoreFormatOptions {
  /** IANA zone for the HTML and XLSX outputs (default UTC). */
  readonly timeZone?: string;
  /** CSV: neutralise formula-like text (see report/csv). */
  readonly excelSafe?: boolean;
  /** Value classes to pseudonymise in every output. */
  readonly redact?: readonly RedactClass[];
  /** ECS: precede each document with a `_bulk` create action for this index. */
  readonly ecsBulkIndex?: string;
  /** Rows per HTML table (default 5,000). */
  readonly htmlMaxRows?: number;
  /** Rows per XLSX sheet before continuing on the next (default Excel's maximum). */
  readonly xlsxMaxRowsPerSheet?: number;
}

export const needsDocument = (formats: readonly string[]) => formats.some((f) => DOCUMENT_FORMATS.has(f));

export interface MoreFormatsContext {
  readonly formats: readonly string[];
  readonly options: MoreFormatOptions & GeoOptionsIn;
  readonly kase: Case | null;
  readonly outDir: string;
  readonly mailbox?: string;
}

interface GeoOptionsIn {
  readonly geoCity?: string;
  readonly geoAsn?: string;
  readonly noGeo?: boolean;
}

export interface MoreFormats {
  /** The document as every output shows it (redacted when asked). */
  document(doc: ReportDocument): ReportDocument;
  /** Writes the requested formats; returns the paths written. */
  render(args: {
    readonly doc: ReportDocument | null;
    readonly events: (signal?: AbortSignal) => AsyncIterable<AnalysisEvent>;
    readonly geo: GeoLookup | null;
    readonly signal?: AbortSignal;
  }): Promise<string[]>;
  /** Where the redaction key and map are (null without --redact). */
  readonly redactionMap: string | null;
}

/** Validates the options (before any work) and opens the redaction key when needed. */
export async function prepareMoreFormats(ctx: MoreFormatsContext): Promise<MoreFormats> {
  const o = ctx.options;
  const zone = checkTimeZone(o.timeZone ?? 'UTC');
  const classes = [...new Set(o.redact ?? [])];
  for (const c of classes)
    if (!REDACT_CLASSES.includes(c))
      throw new UsageError(
        `[report] Unknown --redact class ${JSON.stringify(c)}: use ${REDACT_CLASSES.join(', ')}`,
      );
  if (classes.length > 0 && ctx.formats.includes('unicorn'))
    throw new UsageError(
      '[report] --redact does not apply to the Magic Unicorn TSVs (their format is fixed): leave unicorn out of --format',
    );
  if (o.ecsBulkIndex !== undefined && !/^[a-z0-9][a-z0-9._-]*$/.test(o.ecsBulkIndex))
    throw new UsageError(
      `[report] --ecs-bulk-index ${JSON.stringify(o.ecsBulkIndex)} is not a valid index name (lower case letters, digits, . _ -)`,
    );
  let key: RedactionKey | null = null;
  let redactor: Redactor | null = null;
  if (classes.length > 0) {
    key = await openRedactionKey(ctx.kase ? ctx.kase.dir : join(ctx.outDir, PRIVATE_DIR));
    redactor = createRedactor(key.key, classes);
  }
  const wanted = new Set(ctx.formats);

  return {
    redactionMap: key?.path ?? null,
    document(doc) {
      if (!redactor) return doc;
      const red = redactDocument(doc, redactor);
      return { ...red, meta: { ...red.meta, options: { ...red.meta.options, redact: classes } } };
    },
    async render({ doc, events, geo, signal }) {
      const files: string[] = [];
      if (doc) files.push(...(await renderDocumentFormats(doc, wanted, ctx.outDir, zone, o, classes)));
      if (ctx.formats.some((f) => EVENT_FORMATS.has(f)))
        files.push(...(await renderEventFormats(ctx, wanted, events, geo, redactor, signal)));
      if (key && redactor) await key.save(redactor.mapping());
      return files;
    },
  };
}

async function renderDocumentFormats(
  doc: ReportDocument,
  wanted: ReadonlySet<string>,
  outDir: string,
  zone: string,
  o: MoreFormatOptions,
  redacted: readonly string[],
): Promise<string[]> {
  const files: string[] = [];
  const tables = reportTables(doc);
  if (wanted.has('html')) {
    const fullDataIn = (['xlsx', 'csv', 'jsonl', 'json'] as const)
      .filter((f) => wanted.has(f))
      .map((f) => (f === 'json' ? 'report.json' : f === 'xlsx' ? OUTPUT_NAMES.xlsx : `${OUTPUT_NAMES[f]}/`));
    const text = renderHtmlReport(doc, {
      assets: await loadHtmlAssets(),
      timeZone: zone,
      fullDataIn,
      redacted,
      ...(o.htmlMaxRows !== undefined ? { maxRowsPerTable: o.htmlMaxRows } : {}),
    });
    files.push(writeText(join(outDir, OUTPUT_NAMES.html), [text]));
  }
  if (wanted.has('xlsx')) {
    const path = join(outDir, OUTPUT_NAMES.xlsx);
    const tmp = join(outDir, `.${OUTPUT_NAMES.xlsx}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeXlsx(tmp, tables, {
        timeZone: zone,
        about: [
          ['Title', doc.meta.title],
          ['Generated', doc.meta.generatedAt],
          ['Report schema', doc.meta.schema],
          ['Period (UTC)', `${doc.meta.period.start ?? '–'} – ${doc.meta.period.end ?? '–'}`],
          ['Mailboxes', doc.meta.mailboxes.map((m) => String(m.mailbox)).join(', ')],
          ...(redacted.length > 0 ? [['Redacted', redacted.join(', ')] as [string, string]] : []),
          ...(doc.meta.incompleteEvidence ?? []).map((g): [string, string] => [
            'INCOMPLETE evidence',
            capped(
              `${g.acquisition}: ${[...g.missing.map((m) => `missing ${m}`), ...g.unverified.map((u) => `unverified ${u}`)].join('; ')} (not in this report)`,
            ),
          ]),
          ['Text cells', 'Recorded text is stored as text, never as a formula'],
          ['Lists and objects', 'JSON text (evidence: the event ids, as in report.json)'],
        ],
        ...(o.xlsxMaxRowsPerSheet !== undefined ? { maxRowsPerSheet: o.xlsxMaxRowsPerSheet } : {}),
      });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    files.push(path);
  }
  for (const f of ['csv', 'jsonl'] as const) {
    if (!wanted.has(f)) continue;
    const dir = join(outDir, OUTPUT_NAMES[f]);
    await mkdir(dir, { recursive: true });
    for (const t of tables) {
      const chunks =
        f === 'csv' ? csvChunks(t, o.excelSafe === true ? { excelSafe: true } : {}) : jsonlChunks(t);
      files.push(writeText(join(dir, `${t.name}.${f}`), chunks));
    }
  }
  return files;
}

function writeText(path: string, chunks: Iterable<string>): string {
  const out = new AtomicTextFile(path);
  try {
    for (const c of chunks) out.write(c);
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  return path;
}

async function renderEventFormats(
  ctx: MoreFormatsContext,
  wanted: ReadonlySet<string>,
  events: (signal?: AbortSignal) => AsyncIterable<AnalysisEvent>,
  geo: GeoLookup | null,
  redactor: Redactor | null,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const o = ctx.options;
  const files: string[] = [];
  // From a case without redaction, DuckDB copies the store's rows directly.
  const directParquet = wanted.has('parquet') && ctx.kase !== null && redactor === null;
  let lookup: IpLookup | undefined;
  if (wanted.has('ecs') && o.noGeo !== true) {
    const g = geo ?? (await enrichAll(ctx, events, signal));
    lookup = (ip) => g.get(ip);
  }
  const ts = wanted.has('timesketch') ? new AtomicTextFile(join(ctx.outDir, OUTPUT_NAMES.timesketch)) : null;
  const ecs = wanted.has('ecs') ? new AtomicTextFile(join(ctx.outDir, OUTPUT_NAMES.ecs)) : null;
  const pq = wanted.has('parquet') && !directParquet ? new StagedParquet(ctx.outDir) : null;
  try {
    if (ts || ecs || pq) {
      for await (const a of events(signal)) {
        const raw = a as MailboxEvent;
        const e = redactor ? redactEvent(raw, redactor) : raw;
        ts?.write(timesketchLine(e));
        ecs?.write(ecsLines(e, lookup, o.ecsBulkIndex));
        if (pq) await pq.add(e);
      }
    }
    if (ts) {
      ts.commit();
      files.push(ts.path);
    }
    if (ecs) {
      ecs.commit();
      files.push(ecs.path);
    }
    if (pq) files.push(await pq.finish());
    if (directParquet) files.push(await exportStoreParquet(ctx.kase!.store, ctx.outDir, ctx.mailbox));
  } catch (err) {
    ts?.abort();
    ecs?.abort();
    await pq?.abort();
    throw err;
  }
  return files;
}

/** GeoIP for the ECS output when the investigation did not run (no document format asked). */
async function enrichAll(
  ctx: MoreFormatsContext,
  events: (signal?: AbortSignal) => AsyncIterable<AnalysisEvent>,
  signal: AbortSignal | undefined,
): Promise<GeoLookup> {
  const ips = new Set<string>();
  for await (const e of events(signal)) if (e.ip !== null) ips.add(e.ip);
  const o: GeoOptions = {
    ...(ctx.options.geoCity !== undefined ? { cityDb: ctx.options.geoCity } : {}),
    ...(ctx.options.geoAsn !== undefined ? { asnDb: ctx.options.geoAsn } : {}),
  };
  return (await enrichIps(ips, o)).lookup;
}

/** About-sheet text within Excel's cell limit (report.json keeps the whole list). */
function capped(text: string): string {
  const max = 30_000;
  return text.length <= max ? text : `${text.slice(0, max)} … (report.json lists all)`;
}
