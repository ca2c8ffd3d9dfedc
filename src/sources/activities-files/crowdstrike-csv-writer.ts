/**
 * Writes activities as the CrowdStrike retriever wrote them (activities-api.md §6.1), byte for
 * byte: `csv.DictWriter(f, extrasaction='ignore', fieldnames=PROPERTIES, lineterminator='\n')`
 * over a file opened with `encoding='utf-8-sig'`. Options reproduce LMG's fork (no BOM) and the
 * Windows text-mode translation of every `\n` to `\r\n`.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { STANDARD_PROPERTIES, type Activity } from '../activities-api/activity.js';
import { collapseCustomProperties } from './activity-fields.js';
import { formatPythonRepr, formatPythonStr, type PythonValue } from './python-repr.js';

export interface CrowdStrikeCsvOptions {
  /** Start with a UTF-8 BOM, as the CrowdStrike HEAD does (`utf-8-sig`). Default true; LMG's fork: false. */
  readonly bom?: boolean;
  /**
   * `'\n'` (default) as on Linux/macOS. `'\r\n'` reproduces Windows text mode, which translates
   * *every* `\n` written, including those inside quoted fields.
   */
  readonly lineEnding?: '\n' | '\r\n';
}

/** The header line (without terminator). */
export const CROWDSTRIKE_CSV_HEADER = STANDARD_PROPERTIES.join(',');

/**
 * One CSV cell as Python's csv module (QUOTE_MINIMAL, excel dialect, lineterminator `\n`)
 * writes it: quoted only if it contains `,`, `"` or `\n`, with `"` doubled. A lone `\r` is *not*
 * a reason to quote (CPython ≤ 3.11 only checks the characters of `lineterminator`), and leading
 * or trailing spaces and empty strings are written as they are.
 */
export function formatCsvCell(text: string): string {
  if (!/[,"\n]/.test(text)) return text;
  return '"' + text.replace(/"/g, '""') + '"';
}

/**
 * The data line (without terminator) the retriever wrote for one activity: the seven standard
 * properties (null/missing → empty; non-strings as Python's `str()`), and CustomProperties as
 * the repr of `{Name: Value}` when the list is non-empty, else an empty cell (a non-list, which
 * `activityProblems` rejects and the retriever would have crashed on, also gives an empty cell).
 */
export function formatCrowdStrikeCsvRow(activity: Activity | Readonly<Record<string, unknown>>): string {
  const a = activity as Readonly<Record<string, unknown>>;
  let line = '';
  for (let i = 0; i < 6; i++) {
    const v = a[STANDARD_PROPERTIES[i]!];
    if (i > 0) line += ',';
    if (v !== null && v !== undefined) line += formatCsvCell(formatPythonStr(v as PythonValue));
  }
  line += ',';
  const props = a.CustomProperties;
  if (Array.isArray(props) && props.length > 0) {
    line += formatCsvCell(formatPythonRepr(collapseCustomProperties(props)));
  }
  return line;
}

/**
 * Streaming writer. The header is written on construction (the retriever opened the file and
 * wrote it before the first row). `write()` resolves once the destination accepted the row, so
 * awaiting it gives backpressure; rows are batched into ~64 KiB writes for speed.
 */
export class CrowdStrikeCsvWriter {
  private readonly out: Writable;
  private readonly eol: '\n' | '\r\n';
  private pending = '';
  private rows = 0;

  constructor(out: Writable, opts: CrowdStrikeCsvOptions = {}) {
    this.out = out;
    this.eol = opts.lineEnding ?? '\n';
    this.pending = ((opts.bom ?? true) ? '\uFEFF' : '') + this.terminate(CROWDSTRIKE_CSV_HEADER);
  }

  /** Opens (creates or truncates) a file and returns a writer on it. */
  static toFile(path: string, opts: CrowdStrikeCsvOptions = {}): CrowdStrikeCsvWriter {
    return new CrowdStrikeCsvWriter(createWriteStream(path), opts);
  }

  /** Number of data rows written so far. */
  get count(): number {
    return this.rows;
  }

  async write(activity: Activity | Readonly<Record<string, unknown>>): Promise<void> {
    this.pending += this.terminate(formatCrowdStrikeCsvRow(activity));
    this.rows++;
    if (this.pending.length >= 64 * 1024) await this.flush();
  }

  /** Flushes, ends the destination and waits until it has finished (file closed). */
  async end(): Promise<void> {
    await this.flush();
    this.out.end();
    // Waits for 'close' too when the stream emits one, so a file is complete on disk.
    await finished(this.out);
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    if (!this.out.write(text, 'utf8')) await once(this.out, 'drain');
  }

  private terminate(line: string): string {
    return this.eol === '\n' ? line + '\n' : line.replace(/\n/g, '\r\n') + '\r\n';
  }
}
