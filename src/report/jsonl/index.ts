/**
 * JSON Lines, one file per table: each row exactly as in report.json (same members, nested
 * objects and lists kept), one compact JSON object per line, `\n` after each. Lossless; never
 * altered by `--excel-safe` (spreadsheets do not open JSONL).
 *
 * @module
 */
import type { ReportTable } from '../tables/index.js';

/** The table's rows as JSONL text chunks. */
export function* jsonlChunks(t: ReportTable): Generator<string> {
  let buf = '';
  for (const row of t.rows) {
    buf += JSON.stringify(row) + '\n';
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}
