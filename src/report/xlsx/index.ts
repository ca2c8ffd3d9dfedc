/**
 * XLSX: one sheet per table, streamed with exceljs's WorkbookWriter (rows are committed as they
 * are added, never held as a workbook in memory). Each sheet has a frozen, bold header, an
 * autofilter and column widths. Times are real Excel date cells showing the wall clock of the
 * chosen zone (stated in the header cell and on the first sheet); text from the mailbox is
 * always a text cell — exceljs writes a string starting with `=` as a string, never a formula —
 * and shared strings are off (no whole-workbook string table in memory). A table longer than
 * Excel's 1,048,575 data rows continues on further sheets (`reads (2)`, …).
 *
 * @module
 */
import { cellText, cellValue, type Column, type ReportTable } from '../tables/index.js';
import { formatInstant, wallClock } from '../tables/time-zone.js';

/** Excel's limit is 1,048,576 rows per sheet, the header included. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;
/** Excel refuses longer cell text; longer values are cut and say so (the CSV/JSON keep them). */
export const XLSX_MAX_CELL_CHARS = 32_767;
const TRUNCATED = ' …[truncated: the CSV/JSON outputs have the full value]';

export interface XlsxOptions {
  /** IANA zone the dates are shown in (default UTC). */
  readonly timeZone?: string;
  /** Lines for the first sheet ("About"): title, generation time, notes. */
  readonly about: readonly (readonly [string, string])[];
  /** Rows per sheet before continuing on the next (tests lower it). */
  readonly maxRowsPerSheet?: number;
}

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';

/** Sheet names: at most 31 characters, none of `[]:*?/\`. */
function sheetName(base: string, part: number): string {
  const suffix = part > 1 ? ` (${part})` : '';
  return base.replace(/[[\]:*?/\\]/g, '_').slice(0, 31 - suffix.length) + suffix;
}

function width(c: Column): number {
  switch (c.type) {
    case 'time':
      return 24;
    case 'number':
    case 'boolean':
      return 10;
    case 'list':
    case 'object':
      return 40;
    default:
      return /subject|userAgent|summary|title|text|query|typed|resolutionNote/i.test(c.key) ? 48 : 22;
  }
}

/** A date whose UTC fields are the wall clock in `zone`: exceljs turns it into that serial. */
function excelDate(iso: string, zone: string): Date | string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  if (zone === 'UTC') return new Date(t);
  const w = wallClock(t, zone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms));
}

function cell(c: Column, v: unknown, zone: string): unknown {
  if (v === null || v === undefined) return null;
  if (c.type === 'time' && typeof v === 'string') return excelDate(v, zone);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const text = cellText(v);
  return text.length > XLSX_MAX_CELL_CHARS
    ? text.slice(0, XLSX_MAX_CELL_CHARS - TRUNCATED.length) + TRUNCATED
    : text;
}

/**
 * Writes the tables to `path` (the caller writes to a temporary name and renames). Returns the
 * sheet names written.
 */
export async function writeXlsx(
  path: string,
  tables: readonly ReportTable[],
  options: XlsxOptions,
): Promise<string[]> {
  const { default: ExcelJS } = await import('exceljs');
  const zone = options.timeZone ?? 'UTC';
  const perSheet = Math.max(1, Math.min(options.maxRowsPerSheet ?? XLSX_MAX_DATA_ROWS, XLSX_MAX_DATA_ROWS));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  wb.creator = 'mailtrail';
  const sheets: string[] = [];

  const about = wb.addWorksheet('About');
  about.columns = [
    { header: 'mailtrail report', key: 'k', width: 28 },
    { header: '', key: 'v', width: 100 },
  ];
  about.getRow(1).font = { bold: true };
  for (const [k, v] of options.about) about.addRow([k, v]).commit();
  about.addRow(['Time zone', `${zone}: every date cell shows the wall clock in this zone`]).commit();
  about.addRow([]).commit();
  about.addRow(['Sheet', 'Rows']).commit();
  for (const t of tables) about.addRow([t.title, t.rows.length]).commit();
  await about.commit();
  sheets.push('About');

  for (const t of tables) {
    const parts = Math.max(1, Math.ceil(t.rows.length / perSheet));
    for (let part = 1; part <= parts; part++) {
      const name = sheetName(t.name, part);
      const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
      ws.columns = t.columns.map((c) => ({
        header: c.type === 'time' ? `${c.key} (${zone})` : c.key,
        key: c.key,
        width: width(c),
        ...(c.type === 'time' ? { style: { numFmt: DATE_FORMAT } } : {}),
      }));
      const header = ws.getRow(1);
      header.font = { bold: true };
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, t.columns.length) } };
      header.commit();
      const end = Math.min(t.rows.length, part * perSheet);
      for (let i = (part - 1) * perSheet; i < end; i++) {
        const row = t.rows[i]!;
        ws.addRow(t.columns.map((c) => cell(c, cellValue(row, c.key), zone))).commit();
      }
      await ws.commit();
      sheets.push(name);
    }
  }
  await wb.commit();
  return sheets;
}

/** The text an XLSX date cell shows, for checks: the instant's wall clock in `zone`. */
export function xlsxDateText(iso: string, zone: string): string {
  return formatInstant(iso, zone);
}
