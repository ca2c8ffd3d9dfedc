/**
 * Tells the Activities file formats apart by content (the first 64 KiB, after gzip and a BOM),
 * never by file name, and dispatches to the matching reader. Rules, first match wins:
 *
 * 1. Text starting with `{`/`[` whose first line is a complete JSON object: `mailboxes` →
 *    emulator-dataset; a `value` array → activities-json (pages one per line); `TimeStamp` or
 *    `ActivityIdType` → activities-ndjson.
 * 2. Text starting with `[` → activities-json.
 * 3. An object whose top-level keys (as far as the head shows) include `mailboxes` →
 *    emulator-dataset; `value`, `TimeStamp` or `ActivityIdType` → activities-json.
 * 4. A first line that is a CSV header naming `TimeStamp` and `ActivityIdType` → crowdstrike-csv
 *    (the reader then names any other missing standard column).
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import { readCrowdStrikeCsv } from './crowdstrike-csv-reader.js';
import { bomLength, readHead } from './evidence-stream.js';
import { readActivitiesJson, readActivitiesNdjson, readEmulatorDataset } from './json-readers.js';
import type { ActivityFileFormat, ReadItem, ReadOptions } from './types.js';

/** Every format, in the order `--format` lists them. */
export const ACTIVITY_FILE_FORMATS: readonly ActivityFileFormat[] = [
  'crowdstrike-csv',
  'activities-json',
  'activities-ndjson',
  'emulator-dataset',
];

/** How many (decompressed) bytes detection looks at. */
export const DETECT_HEAD_BYTES = 64 * 1024;

/** The format of the file at `path`, or null when its content matches none. */
export async function detectActivityFileFormat(path: string): Promise<ActivityFileFormat | null> {
  const head = await readHead(path, DETECT_HEAD_BYTES);
  return detectFromText(head.subarray(bomLength(head)).toString('utf8'));
}

/** Detection on text already read (exported for tests and for callers holding the head). */
export function detectFromText(head: string): ActivityFileFormat | null {
  const text = head.trimStart();
  const c = text[0];
  if (c === '{' || c === '[') {
    const nl = text.indexOf('\n');
    const first = tryParse(nl < 0 ? text : text.slice(0, nl));
    if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
      if ('mailboxes' in first) return 'emulator-dataset';
      if (Array.isArray((first as { value?: unknown }).value)) return 'activities-json';
      if ('TimeStamp' in first || 'ActivityIdType' in first) return 'activities-ndjson';
    }
    if (c === '[') return 'activities-json';
    const keys = topLevelKeys(text);
    if (keys.has('mailboxes')) return 'emulator-dataset';
    if (keys.has('value') || keys.has('TimeStamp') || keys.has('ActivityIdType')) return 'activities-json';
    return null;
  }
  const nl = text.indexOf('\n');
  const header = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const names = new Set(header.split(',').map((n) => n.trim().replace(/^"(.*)"$/, '$1')));
  return names.has('TimeStamp') && names.has('ActivityIdType') ? 'crowdstrike-csv' : null;
}

/**
 * Reads an Activities evidence file in the given format, or the detected one when `format` is
 * undefined. Throws FormatError (on first iteration) when the format cannot be told.
 */
export async function* readActivityFile(
  path: string,
  format: ActivityFileFormat | undefined,
  opts: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const f = format ?? (await detectActivityFileFormat(path));
  if (f === null) {
    throw new FormatError(
      `[activities-files] Cannot tell the format of ${opts.displayName ?? path}: expected a CrowdStrike CSV ` +
        '(header TimeStamp,AppIdType,ActivityIdType,…), Activities JSON pages or an array of activities, ' +
        'one activity JSON object per line, or an emulator data set ({"mailboxes": …}), optionally gzip-compressed. ' +
        `Pass --format ${ACTIVITY_FILE_FORMATS.join('|')} if the file is one of these`,
    );
  }
  const readers = {
    'crowdstrike-csv': readCrowdStrikeCsv,
    'activities-json': readActivitiesJson,
    'activities-ndjson': readActivitiesNdjson,
    'emulator-dataset': readEmulatorDataset,
  } as const satisfies Record<ActivityFileFormat, unknown>;
  yield* readers[f](path, opts);
}

// --- Internal helpers ---

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Keys at depth 1 of the object that `text` starts with, as far as the text goes. */
function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) break;
      if (depth === 1 && /^\s*:/.test(text.slice(j + 1, j + 20))) keys.add(text.slice(i + 1, j));
      i = j;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      if (--depth === 0) break;
    }
  }
  return keys;
}
