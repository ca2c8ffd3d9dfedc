/**
 * Whole-file JSON input: reads a (possibly gzip) file into text under a size cap, and splits it
 * into top-level JSON documents, so a file of several page objects, concatenated or one per
 * line, reads like one holding a single page. Splitting only tracks brackets and strings; each
 * document is then parsed with `JSON.parse`, so a broken document costs that document only.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { FormatError } from '../../errors.js';
import { bomLength, evidenceChunks } from './evidence-stream.js';

/**
 * Largest decompressed file read as whole-file JSON. `JSON.parse` needs several times the text
 * size in memory, so beyond this the readers refuse with a FormatError suggesting NDJSON.
 */
export const MAX_WHOLE_JSON_BYTES = 256 * 1024 * 1024;

/** The file's text (BOM removed) and whether its bytes were valid UTF-8. */
export async function readWholeText(
  path: string,
  file: string,
  signal?: AbortSignal,
  maxBytes = MAX_WHOLE_JSON_BYTES,
): Promise<{ text: string; validUtf8: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of evidenceChunks(path, signal)) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new FormatError(
        `[activities-files] ${file} is larger than ${Math.round(maxBytes / 1048576)} MiB of JSON, too large to ` +
          `read as one document: convert it to one activity per line (for a page: jq -c '.value[]') ` +
          'and read it with --format activities-ndjson',
      );
    }
    parts.push(chunk);
  }
  const buf = Buffer.concat(parts);
  const body = buf.subarray(bomLength(buf));
  return { text: body.toString('utf8'), validUtf8: isUtf8(body) };
}

/** One top-level document: its text span, 1-based start line, and whether it was cut off. */
export interface JsonDocumentSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly unterminated: boolean;
}

/**
 * Splits `text` into top-level JSON values separated by whitespace. An object or array runs to
 * its matching bracket; anything else (junk, a bare scalar) runs to the end of its line, so the
 * caller reports it and goes on with the next line.
 */
export function* splitJsonDocuments(text: string): Generator<JsonDocumentSpan> {
  const n = text.length;
  let i = skipSpace(text, 0);
  let line = 1 + countNewlines(text, 0, i);
  while (i < n) {
    const start = i;
    const c = text.charCodeAt(i);
    let end: number;
    let unterminated = false;
    if (c === 0x7b || c === 0x5b) {
      const close = matchingEnd(text, i);
      unterminated = close < 0;
      end = unterminated ? n : close;
    } else {
      const nl = text.indexOf('\n', i);
      end = nl < 0 ? n : nl;
    }
    yield { start, end, line, unterminated };
    const next = skipSpace(text, end);
    line += countNewlines(text, start, next);
    i = next;
  }
}

// --- Internal helpers ---

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else break;
  }
  return i;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 0x0a) count++;
  return count;
}

/** Index just after the bracket closing the one at `i`, or -1 if the text ends first. */
function matchingEnd(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump over the string: find a quote not escaped by an odd run of backslashes.
      let q = text.indexOf('"', i + 1);
      while (q > 0) {
        let bs = 0;
        while (text.charCodeAt(q - 1 - bs) === 0x5c) bs++;
        if (bs % 2 === 0) break;
        q = text.indexOf('"', q + 1);
      }
      if (q < 0) return -1;
      i = q + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}
