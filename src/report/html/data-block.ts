/**
 * The report's data block: the tables (at most `maxRowsPerTable` rows each, the rows of suspect
 * sessions and rows cited by findings first) and the timeline, as the JSON the bundled script
 * draws from.
 *
 * @module
 */
import { cellValue, reportTables, type Column, type ReportTable } from '../tables/index.js';
import type { ReportDocument, ReportRow } from '../types.js';

export const HTML_MAX_ROWS = 5_000;
export const CHART_MAX_POINTS = 20_000;

/** The client's view of a table: columns and rows as arrays of values. */
export interface TablePayload {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly unknown[][];
  readonly total: number;
}

/** Everything the client script reads from the `report-data` block. */
export interface ReportPayload {
  readonly timeZone: string;
  readonly suspects: readonly string[];
  readonly tables: readonly TablePayload[];
  readonly chart: ReturnType<typeof chartPayload>;
}

/** The data block of a report, with at most `cap` rows per table. */
export function reportPayload(doc: ReportDocument, zone: string, cap: number): ReportPayload {
  const suspects = new Set(doc.sessions.filter((s) => s.suspect === true).map((s) => String(s.sessionId)));
  const cited = new Set(doc.findings.flatMap((f) => f.evidence ?? []));
  const tables = reportTables(doc).filter((t) => t.name !== 'mailboxes');
  return {
    timeZone: zone,
    suspects: [...suspects],
    tables: tables.map((t) => tablePayload(t, cap, suspects, cited)),
    chart: chartPayload(doc.sessions),
  };
}

/** Searches also show how long the typing took and how long until submission. */
const SEARCH_TIMINGS = [
  { key: 'typingSeconds', from: 'firstKeystroke', to: 'lastKeystroke' },
  { key: 'submitAfterSeconds', from: 'lastKeystroke', to: 'submitted' },
] as const;
const DERIVED: Readonly<Record<string, readonly { key: string; from: string; to: string }[]>> = {
  searches: SEARCH_TIMINGS,
  'exposure-searches': SEARCH_TIMINGS,
};

function seconds(row: ReportRow, from: string, to: string): number | null {
  const a = row[from];
  const b = row[to];
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  return Math.round(Date.parse(b) - Date.parse(a)) / 1000;
}

function tablePayload(
  t: ReportTable,
  cap: number,
  suspects: ReadonlySet<string>,
  cited: ReadonlySet<string>,
): TablePayload {
  let picked: readonly ReportRow[] = t.rows;
  if (t.rows.length > cap) {
    // Rows that matter most first (suspect sessions, cited evidence), then the earliest; the
    // table keeps the document's order.
    const keep: number[] = [];
    const taken = new Uint8Array(t.rows.length);
    for (let i = 0; i < t.rows.length && keep.length < cap; i++) {
      const r = t.rows[i]!;
      const ev = r.evidence ?? [];
      if (suspects.has(String(r.sessionId)) || r.suspect === true || ev.some((id) => cited.has(id))) {
        keep.push(i);
        taken[i] = 1;
      }
    }
    for (let i = 0; i < t.rows.length && keep.length < cap; i++) if (!taken[i]) keep.push(i);
    keep.sort((a, b) => a - b);
    picked = keep.map((i) => t.rows[i]!);
  }
  const derived = DERIVED[t.name] ?? [];
  const columns: Column[] = [...t.columns];
  const at = columns.findIndex((c) => c.key === 'keystrokes');
  if (derived.length > 0)
    columns.splice(
      at >= 0 ? at + 1 : columns.length,
      0,
      ...derived.map((d) => ({ key: d.key, type: 'number' as const })),
    );
  return {
    name: t.name,
    title: t.title,
    columns,
    total: t.rows.length,
    rows: picked.map((r) =>
      columns.map((c) => {
        const d = derived.find((x) => x.key === c.key);
        return d ? seconds(r, d.from, d.to) : cellValue(r, c.key);
      }),
    ),
  };
}

/**
 * Timeline data for uPlot (seconds since the epoch): one point per session at its start, with
 * its number of events; suspect sessions as their own series plus their spans. Past
 * {@link CHART_MAX_POINTS} sessions, the others are summed per hour.
 */
export function chartPayload(sessions: readonly ReportRow[]) {
  const normal = new Map<number, number>();
  const suspect = new Map<number, number>();
  const spans: [number, number, string][] = [];
  const aggregate = sessions.length > CHART_MAX_POINTS;
  for (const s of sessions) {
    const start = Date.parse(String(s.start));
    if (Number.isNaN(start)) continue;
    const events = typeof s.events === 'number' ? s.events : 1;
    if (s.suspect === true) {
      const x = Math.floor(start / 1000);
      suspect.set(x, (suspect.get(x) ?? 0) + events);
      const end = Date.parse(String(s.end));
      spans.push([start / 1000, (Number.isNaN(end) ? start : end) / 1000, String(s.sessionId)]);
    } else {
      const x = aggregate ? Math.floor(start / 3_600_000) * 3600 : Math.floor(start / 1000);
      normal.set(x, (normal.get(x) ?? 0) + events);
    }
  }
  const xs = [...new Set([...normal.keys(), ...suspect.keys()])].sort((a, b) => a - b);
  return {
    aggregated: aggregate,
    x: xs,
    normal: xs.map((x) => normal.get(x) ?? null),
    suspect: xs.map((x) => suspect.get(x) ?? null),
    spans,
  };
}
