/**
 * Writes a query result as a terminal table, TSV, CSV or JSON, streaming batch by batch. TSV,
 * CSV and JSON are exact: values are escaped or quoted, never altered; only the terminal table
 * shortens long cells for display.
 *
 * @module
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PlainValue, SqlResult } from '../../case/index.js';

export type SqlOutputFormat = 'table' | 'tsv' | 'csv' | 'json';

const TABLE_CELL_MAX = 60;
const TABLE_BLOCK = 1000;

export async function writeSqlResult(out: Writable, r: SqlResult, format: SqlOutputFormat): Promise<void> {
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const names = r.columns.map((c) => c.name);
  if (format === 'json') {
    let first = true;
    await write('[');
    for await (const batch of r.batches) {
      for (const row of batch) {
        const o: Record<string, unknown> = {};
        names.forEach((n, i) => (o[n] = row[i]));
        await write((first ? '\n' : ',\n') + JSON.stringify(o));
        first = false;
      }
    }
    await write(first ? ']\n' : '\n]\n');
    return;
  }
  if (format === 'tsv' || format === 'csv') {
    const cell = format === 'tsv' ? tsvCell : csvCell;
    const sep = format === 'tsv' ? '\t' : ',';
    const eol = format === 'tsv' ? '\n' : '\r\n';
    await write(names.map((n) => cell(n)).join(sep) + eol);
    for await (const batch of r.batches) {
      let text = '';
      for (const row of batch) text += row.map((v) => cell(textOf(v as PlainValue))).join(sep) + eol;
      await write(text);
    }
    return;
  }
  let block: string[][] = [];
  let widths: number[] | null = null;
  let rows = 0;
  const flush = async () => {
    if (!widths) {
      widths = names.map((n, i) => Math.max(n.length, ...block.map((row) => row[i]!.length)));
      await write(names.map((n, i) => n.padEnd(widths![i]!)).join(' │ ') + '\n');
      await write(widths.map((w) => '─'.repeat(w)).join('─┼─') + '\n');
    }
    for (const row of block) await write(row.map((c, i) => c.padEnd(widths![i]!)).join(' │ ') + '\n');
    block = [];
  };
  for await (const batch of r.batches) {
    for (const row of batch) {
      block.push(row.map((v) => display(textOf(v as PlainValue))));
      rows++;
      if (block.length >= TABLE_BLOCK) await flush();
    }
  }
  await flush();
  await write(`(${rows} row${rows === 1 ? '' : 's'})\n`);
}

function textOf(v: PlainValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** TSV as PostgreSQL and DuckDB write it: backslash escapes for the separators. */
function tsvCell(s: string): string {
  return /[\t\n\r\\]/.test(s)
    ? s.replace(/[\t\n\r\\]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\'))
    : s;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function display(s: string): string {
  const one = s.replace(/[\t\n\r]/g, ' ');
  return one.length > TABLE_CELL_MAX ? one.slice(0, TABLE_CELL_MAX - 1) + '…' : one;
}
