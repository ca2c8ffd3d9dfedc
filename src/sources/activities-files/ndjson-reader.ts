/**
 * Reads one activity JSON object per line, streaming with bounded memory. Lines are split on
 * bytes, so each record's `rawSha256` is the SHA-256 of its line exactly as in the file (without
 * the LF or CRLF terminator). Blank lines are skipped; a bad line becomes an issue and the other
 * lines are still read.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';
import type { JsonValue } from '../../model/event.js';
import { sha256Hex } from '../../model/ids.js';
import { activityProblems } from '../activities-api/activity.js';
import { fieldsFromActivity } from './activity-fields.js';
import { bomLength, evidenceChunks } from './evidence-stream.js';
import { issue } from './read-issue.js';
import type { ReadItem, ReadOptions } from './types.js';

/** A line longer than this is reported and skipped instead of being buffered. */
export const MAX_NDJSON_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Streams an NDJSON file. Locators: `row` = 1-based number among non-blank lines, `line` = the
 * physical line, `offset` = byte offset of the line in the (decompressed) file.
 */
export async function* readActivitiesNdjson(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const file = opts.displayName ?? path;
  let row = 0;
  for await (const l of byteLines(evidenceChunks(path, opts.signal))) {
    const locator = { file, row: row + 1, line: l.line, offset: l.offset };
    if (l.tooLong) {
      row++;
      yield issue(
        'activities.ndjson.line_too_long',
        'error',
        locator,
        `Line is longer than ${MAX_NDJSON_LINE_BYTES} bytes; skipped`,
        l.bytes.toString('utf8'),
      );
      continue;
    }
    if (isBlank(l.bytes)) continue;
    row++;
    const text = l.bytes.toString('utf8');
    if (!isUtf8(l.bytes))
      yield issue(
        'activities.ndjson.invalid_utf8',
        'warning',
        locator,
        'Line is not valid UTF-8; invalid bytes were read as U+FFFD',
        text,
      );
    let value: JsonValue;
    try {
      value = JSON.parse(text) as JsonValue;
    } catch (e) {
      yield issue(
        'activities.ndjson.invalid_json',
        'error',
        locator,
        `Not valid JSON: ${(e as Error).message}; line skipped`,
        text,
      );
      continue;
    }
    const problems = activityProblems(value);
    if (problems.length > 0) {
      yield issue(
        'activities.ndjson.invalid_record',
        'error',
        locator,
        `${problems.join('; ')}; line skipped`,
        text,
      );
      continue;
    }
    yield {
      type: 'record',
      record: {
        fields: fieldsFromActivity(value as Record<string, unknown>),
        raw: value,
        rawSha256: sha256Hex(l.bytes),
        locator,
      },
    };
  }
}

// --- Internal helpers ---

interface ByteLine {
  bytes: Buffer;
  line: number;
  offset: number;
  tooLong: boolean;
}

function isBlank(b: Buffer): boolean {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  return true;
}

/** Splits chunks on LF, dropping a CR before it and a BOM at the start of the input. */
async function* byteLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<ByteLine> {
  let buf: Buffer = Buffer.alloc(0);
  let base = 0;
  let line = 1;
  let first = true;
  let skipping: ByteLine | null = null; // an over-long line being discarded
  const cut = (end: number): Buffer => buf.subarray(0, end > 0 && buf[end - 1] === 0x0d ? end - 1 : end);
  for await (const chunk of chunks) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    if (first && buf.length >= 3) {
      const bom = bomLength(buf);
      buf = buf.subarray(bom);
      base += bom;
      first = false;
    }
    for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a)) {
      if (skipping) yield skipping;
      else yield { bytes: cut(nl), line, offset: base, tooLong: false };
      skipping = null;
      line++;
      buf = buf.subarray(nl + 1);
      base += nl + 1;
    }
    if (buf.length > MAX_NDJSON_LINE_BYTES && !skipping) {
      skipping = { bytes: Buffer.from(buf.subarray(0, 200)), line, offset: base, tooLong: true };
    }
    if (skipping) {
      base += buf.length;
      buf = Buffer.alloc(0);
    }
  }
  if (skipping) yield skipping;
  else if (buf.length > 0) yield { bytes: cut(buf.length), line, offset: base, tooLong: false };
}
