/**
 * The HTML report: one self-contained file (inline CSS and script, no network when opened),
 * rendered from the report document. Static parts — header, overview, top findings — are HTML
 * written here with escape-by-default ({@link html}); the tables and the timeline are drawn by
 * the bundled script from a `<script type="application/json">` block, with DOM text nodes only
 * (never innerHTML), so no recorded value is ever parsed as markup.
 *
 * Size stays bounded whatever the case: each table embeds at most `maxRowsPerTable` rows (the
 * rows of suspect sessions and rows cited by findings first, then the earliest), says "showing
 * N of M" and points to the XLSX/CSV/JSON outputs for the rest; the timeline aggregates past
 * {@link CHART_MAX_POINTS} sessions. The browser pages tables 100 rows at a time.
 *
 * A Content-Security-Policy meta tag allows nothing but the report's own style and script
 * (by SHA-256 hash): `default-src 'none'`, no 'unsafe-inline'.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { VERSION } from '../../version.js';
import { cellValue, reportTables, type Column, type ReportTable } from '../tables/index.js';
import { formatInstant, offsetsOver } from '../tables/time-zone.js';
import type { ReportDocument, ReportRow } from '../types.js';
import { html, jsonScript, raw, type RawHtml } from './html.js';

export interface HtmlAssets {
  /** The client script (uPlot and the table code), one IIFE. */
  readonly js: string;
  /** uPlot's stylesheet and the report's. */
  readonly css: string;
}

export interface HtmlReportOptions {
  readonly assets: HtmlAssets;
  /** IANA zone times are shown in (default UTC). */
  readonly timeZone?: string;
  /** Rows embedded per table (default {@link HTML_MAX_ROWS}). */
  readonly maxRowsPerTable?: number;
  /** The other outputs written with this report, named in the "showing N of M" notes. */
  readonly fullDataIn?: readonly string[];
  /** Redacted value classes, stated in the header. */
  readonly redacted?: readonly string[];
}

export const HTML_MAX_ROWS = 5_000;
export const CHART_MAX_POINTS = 20_000;

const LEVELS = ['critical', 'high', 'medium', 'low', 'info'];

/** The client's view of a table: columns and rows as arrays of values. */
interface TablePayload {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly unknown[][];
  readonly total: number;
}

export function renderHtmlReport(doc: ReportDocument, o: HtmlReportOptions): string {
  const zone = o.timeZone ?? 'UTC';
  const cap = o.maxRowsPerTable ?? HTML_MAX_ROWS;
  const meta = doc.meta;
  const suspects = new Set(doc.sessions.filter((s) => s.suspect === true).map((s) => String(s.sessionId)));
  const cited = new Set(doc.findings.flatMap((f) => f.evidence ?? []));
  const tables = reportTables(doc).filter((t) => t.name !== 'mailboxes');
  const payload = {
    timeZone: zone,
    suspects: [...suspects],
    tables: tables.map((t) => tablePayload(t, cap, suspects, cited)),
    chart: chartPayload(doc.sessions),
  };
  const t = (iso: unknown) => (typeof iso === 'string' ? formatInstant(iso, zone) : '–');
  const offsets = offsetsOver(zone, meta.period.start, meta.period.end);
  const fullIn = (o.fullDataIn ?? []).length > 0 ? o.fullDataIn!.join(', ') : 'report.json';

  const section = (p: TablePayload) =>
    html`<section class="tsec" id="t-${p.name}" data-table="${p.name}">
      <h3>${p.title} <span class="muted">(${p.total.toLocaleString('en-US')})</span></h3>
      ${
        p.rows.length < p.total
          ? html`<p class="cap">
              Showing ${p.rows.length.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows
              (rows of suspect sessions and rows cited by findings first); full data in ${fullIn}.
            </p>`
          : null
      }
      <div class="host"></div>
    </section>`;
  const byName = new Map(payload.tables.map((p) => [p.name, p]));
  const sec = (name: string) => {
    const p = byName.get(name);
    return p ? section(p) : null;
  };

  const suspectRows = doc.sessions.filter((s) => s.suspect === true);
  const topFindings = [...doc.findings]
    .sort(
      (a, b) =>
        LEVELS.indexOf(String(a.level)) - LEVELS.indexOf(String(b.level)) ||
        String(a.time).localeCompare(String(b.time)),
    )
    .slice(0, 10);
  const x = doc.exposure as Record<string, unknown> | undefined;

  const body = html`<header>
      <h1>${meta.title}</h1>
      <p class="sub">
        mailtrail ${meta.version} · report schema ${meta.schema} · generated ${t(meta.generatedAt)}
      </p>
      <p class="tz" id="tz">
        Times are shown in <strong>${zone}</strong>${offsets.length > 0 ? ` (${offsets.join(', ')})` : ''};
        the data files keep UTC.
      </p>
      ${(o.redacted ?? []).length > 0 ? html`<p class="redacted">Redacted: ${o.redacted!.join(', ')} (consistent pseudonyms; the mapping is kept with the case, not in this report).</p>` : null}
      <nav>
        <a href="#overview">Overview</a> <a href="#timeline">Timeline</a> <a href="#t-findings">Findings</a>
        <a href="#t-sessions">Sessions</a> <a href="#t-logons">Logons</a> <a href="#t-searches">Searches</a>
        <a href="#t-reads">Reads</a> <a href="#t-attachments">Attachments</a> <a href="#t-actions">Actions</a>
        <a href="#exposure">Exposure</a> <a href="#t-rule-summaries">Rules</a>
      </nav>
    </header>
    <main>
      <section id="overview">
        <h2>Overview</h2>
        <div class="panel">
          <h3>Counts</h3>
          <div class="counts">
            ${Object.entries(meta.counts).map(([k, v]) => html`<div class="count${k === 'suspectSessions' && v > 0 ? ' alert' : ''}" data-count="${k}" data-value="${v}"><span class="n">${v.toLocaleString('en-US')}</span><span class="k">${k}</span></div>`)}
          </div>
        </div>
        <div class="panel">
          <h3>Mailboxes</h3>
          <table class="static">
            <thead>
              <tr>
                <th>mailbox</th>
                <th>first</th>
                <th>last</th>
                <th>events</th>
              </tr>
            </thead>
            <tbody>
              ${meta.mailboxes.map(
                (m) =>
                  html`<tr>
                    <td>${m.mailbox}</td>
                    <td>${t(m.first)}</td>
                    <td>${t(m.last)}</td>
                    <td class="num">${m.events}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          <p>
            Period: <span id="period-start">${t(meta.period.start)}</span> –
            <span id="period-end">${t(meta.period.end)}</span>
          </p>
        </div>
        <div class="panel">
          <h3>Suspect sessions (${suspectRows.length})</h3>
          ${
            suspectRows.length === 0
              ? html`<p>No suspect sessions.</p>`
              : html`<table class="static" id="suspects">
                    <thead>
                      <tr>
                        <th>session</th>
                        <th>mailbox</th>
                        <th>app</th>
                        <th>IP</th>
                        <th>start</th>
                        <th>end</th>
                        <th>events</th>
                        <th>reasons</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${suspectRows.slice(0, 50).map(
                        (s) =>
                          html`<tr class="suspect">
                            <td class="mono">${s.sessionId}</td>
                            <td>${s.mailbox}</td>
                            <td>${s.app}</td>
                            <td>${s.ip}</td>
                            <td>${t(s.start)}</td>
                            <td>${t(s.end)}</td>
                            <td class="num">${s.events}</td>
                            <td>${list(s.suspectReasons)}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  ${suspectRows.length > 50 ? html`<p class="cap">First 50 of ${suspectRows.length}; all are in the Sessions table.</p>` : null}`
          }
        </div>
        <div class="panel" id="timeline">
          <h3>Timeline</h3>
          <p class="muted">
            Each point is a session: its start time and number of events (log scale); suspect sessions in red,
            their span shaded.
          </p>
          <div id="chart"></div>
        </div>
        <div class="panel">
          <h3>Top findings</h3>
          ${
            topFindings.length === 0
              ? html`<p>No findings.</p>`
              : html`<ol class="findings">
                  ${topFindings.map(
                    (f) =>
                      html`<li>
                        <span class="lvl lvl-${f.level}">${f.level}</span> <strong>${f.title}</strong>
                        <span class="muted">${t(f.time)}</span><br />${f.summary} ${evidenceLinks(f.evidence)}
                      </li>`,
                  )}
                </ol>`
          }
        </div>
      </section>
      <section>
        <h2>Findings</h2>
        ${sec('findings')}
      </section>
      <section>
        <h2>Sessions and logons</h2>
        ${sec('sessions')}${sec('logons')}
      </section>
      <section>
        <h2>Activity</h2>
        ${sec('searches')}${sec('reads')}${sec('attachments')}${sec('actions')}
      </section>
      <section id="exposure">
        <h2>Exposure</h2>
        ${
          x
            ? html`<p>
                  Basis: <strong>${x.basis}</strong>${
                    Array.isArray(x.suspectIps) && x.suspectIps.length > 0
                      ? html`; suspect IPs: ${list(x.suspectIps)}`
                      : null
                  }.
                </p>
                ${sec('exposure-sessions')}${sec('exposure-searches')}${sec('exposure-reads')}${sec('exposure-attachments')}${sec('exposure-actions')}${sec('exposure-messages')}${coverageHtml(x)}`
            : html`<p>No suspects (none given and no finding named one): no exposure to report.</p>`
        }
      </section>
      <section>
        <h2>Rules</h2>
        ${sec('rule-summaries')}
      </section>
    </main>
    <footer>
      ${meta.geo.map((g) => html`<p>${g.description}: ${g.attribution}</p>`)}
      <p>Generated by mailtrail ${VERSION}. Values are shown exactly as recorded.</p>
    </footer>`;

  const dataBlock = jsonScript('report-data', payload);
  const js = safeScript(o.assets.js);
  const css = o.assets.css;
  // Whole elements as one placeholder each: formatting the template can never change the bytes
  // the CSP hashes cover. Both are our own assets, never recorded text.
  const styleElement = raw(`<style>${css}</style>`);
  const scriptElement = raw(`<script>${js}</script>`);
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(js)}'`,
    `style-src '${sha256(css)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${csp}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${meta.title} – mailtrail report</title>
        ${styleElement}
      </head>
      <body>
        ${body} ${dataBlock} ${scriptElement}
      </body>
    </html> `.value;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** A script body that cannot close its element early. */
function safeScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function list(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
}

function evidenceLinks(ids: readonly string[] | undefined): RawHtml {
  const all = ids ?? [];
  return html`<span class="evidence"
    >evidence:
    ${all
      .slice(0, 5)
      .map((id) => html`<a class="ev" href="#ev-${id}" data-ev="${id}">${id.slice(0, 8)}</a> `)}${
      all.length > 5 ? `+${all.length - 5}` : ''
    }</span
  >`;
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

/**
 * The exposure's blind intervals and synced folders (today's sources), as two short escaped
 * lists; nothing when the exposure has neither (Activities-only reports are unchanged).
 */
function coverageHtml(x: Record<string, unknown>) {
  const rows = (k: string) =>
    (Array.isArray(x[k]) ? x[k] : []).filter(
      (r): r is Record<string, unknown> => r !== null && typeof r === 'object',
    );
  const str = (v: unknown) => (v === null || v === undefined ? 'open' : String(v));
  const blind = rows('blindIntervals');
  const synced = rows('foldersSynced');
  return html`${
    blind.length > 0
      ? html`<h3>Blind intervals (reads unknown)</h3>
          <ul class="blind-intervals">
            ${blind.map((b) => html`<li>${str(b.mailbox)}: ${str(b.start)} to ${str(b.end)}: ${str(b.text)}</li>`)}
          </ul>`
      : null
  }${
    synced.length > 0
      ? html`<h3>Folders synchronised (every item in them is exposed)</h3>
          <ul class="folders-synced">
            ${synced.map((f) => html`<li>${str(f.time)} ${str(f.mailbox)} ${str(f.folder)} (session ${str(f.sessionId)}, IP ${str(f.ip)})</li>`)}
          </ul>`
      : null
  }`;
}

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
function chartPayload(sessions: readonly ReportRow[]) {
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
