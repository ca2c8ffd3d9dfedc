/**
 * Reads the `--audit-data` and `--signins-data` files: JSON Lines (one object per line, streamed,
 * the form for large files), a JSON array, a Graph page `{"value": [...]}` (or several pages as
 * an array), or a single object. Every record goes to `accept`, which returns an error message
 * for a record it refuses; the first bad line or record refuses the whole file with a
 * {@link FormatError} naming the file and the line (and column for JSON syntax errors), as the
 * emulator's `--data` does: an emulator must serve exactly what it was given.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { FormatError } from '../../errors.js';
import { jsonErrorIndex, syntaxMessage } from '../dataset/json-position.js';

/** Returns an error message to refuse a record, else undefined. */
export type RecordSink = (value: unknown) => string | undefined;

function lineAt(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

/**
 * Character indexes where the records start: the elements of a top-level array, or of the array
 * inside a top-level page object. (Checked against the record count before use.)
 */
function elementStarts(text: string): number[] {
  const starts: number[] = [];
  const target = text.trimStart().startsWith('[') ? 1 : 2;
  let depth = 0;
  let inString = false;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expect && !' \t\r\n'.includes(c)) {
      if (c !== ']') starts.push(i);
      expect = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && depth === target) expect = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === target) expect = true;
  }
  return starts;
}

/** The records of a whole JSON document: array elements, page values, or the object itself. */
function recordsOf(doc: unknown): unknown[] {
  const page = (v: unknown) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Array.isArray((v as { value?: unknown }).value)
      ? (v as { value: unknown[] }).value
      : null;
  if (Array.isArray(doc)) return doc.flatMap((el) => page(el) ?? [el]);
  return page(doc) ?? [doc];
}

async function readWhole(path: string, what: string, accept: RecordSink): Promise<number> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = lineAt(text, Math.max(0, jsonErrorIndex(text)));
    throw new FormatError(
      `[emulate] ${what} file ${path}, line ${at.line}, column ${at.column}: not valid JSON (${syntaxMessage(err)}). Give JSON Lines (one object per line) or one JSON array.`,
    );
  }
  const records = recordsOf(doc);
  const starts = elementStarts(text);
  records.forEach((r, i) => {
    const problem = accept(r);
    if (problem !== undefined) {
      const where =
        starts.length === records.length
          ? `line ${lineAt(text, starts[i] as number).line} (record ${i + 1})`
          : `record ${i + 1}`;
      throw new FormatError(
        `[emulate] ${what} file ${path}, ${where}: ${problem}; fix or remove the record.`,
      );
    }
  });
  return records.length;
}

/** Reads every record of `path` into `accept`; resolves with the record count. */
export async function readRecordsFile(path: string, what: string, accept: RecordSink): Promise<number> {
  let head: string;
  try {
    const fh = await open(path);
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart();
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new FormatError(`[emulate] cannot read ${what} file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // JSON Lines (streamed) when the first line is a whole JSON value; else one document.
  const firstLine = head.split('\n', 1)[0] ?? '';
  let jsonLines = !head.startsWith('[');
  if (jsonLines) {
    try {
      JSON.parse(firstLine);
    } catch {
      jsonLines = false;
    }
  }
  if (!jsonLines) return readWhole(path, what, accept);
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  let count = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const column = Math.max(0, jsonErrorIndex(text)) + 1;
      throw new FormatError(
        `[emulate] ${what} file ${path}, line ${line}, column ${column}: not valid JSON (${syntaxMessage(err)}); each line must be one JSON object.`,
      );
    }
    for (const r of recordsOf(value)) {
      const problem = accept(r);
      if (problem !== undefined)
        throw new FormatError(
          `[emulate] ${what} file ${path}, line ${line}: ${problem}; fix or remove the record.`,
        );
      count++;
    }
  }
  return count;
}
