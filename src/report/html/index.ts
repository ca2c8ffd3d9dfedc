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
import { formatInstant, offsetsOver } from '../tables/time-zone.js';
import type { ReportDocument } from '../types.js';
import { HTML_MAX_ROWS, reportPayload } from './data-block.js';
import type { TimeFormat } from './fragments.js';
import { html } from './html.js';
import { renderHeader, renderOverview } from './overview.js';
import { renderPage, type HtmlAssets } from './page.js';
import { renderDetailSections, renderFooter, tableSection } from './sections.js';

export { CHART_MAX_POINTS, HTML_MAX_ROWS } from './data-block.js';
export type { HtmlAssets } from './page.js';

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

export function renderHtmlReport(doc: ReportDocument, o: HtmlReportOptions): string {
  const zone = o.timeZone ?? 'UTC';
  const cap = o.maxRowsPerTable ?? HTML_MAX_ROWS;
  const meta = doc.meta;
  const payload = reportPayload(doc, zone, cap);
  const t: TimeFormat = (iso) => (typeof iso === 'string' ? formatInstant(iso, zone) : '–');
  const offsets = offsetsOver(zone, meta.period.start, meta.period.end);
  const fullIn = (o.fullDataIn ?? []).length > 0 ? o.fullDataIn!.join(', ') : 'report.json';
  const byName = new Map(payload.tables.map((p) => [p.name, p]));
  const sec = (name: string) => {
    const p = byName.get(name);
    return p ? tableSection(p, fullIn) : null;
  };

  const body = html`${renderHeader(doc, zone, offsets, o.redacted, t)}
    <main>${renderOverview(doc, t)} ${renderDetailSections(doc, sec)}</main>
    ${renderFooter(doc)}`;
  return renderPage(meta.title, body, payload, o.assets);
}
