/**
 * Readers for the JSON forms of Activities evidence: saved API pages (`activities-json`), the
 * emulator's data set (`emulator-dataset`), and, re-exported from ndjson-reader.ts, one activity
 * per line (`activities-ndjson`). gzip is read transparently.
 *
 * Whole-file forms are read into memory (up to {@link MAX_WHOLE_JSON_BYTES} decompressed; larger
 * files are refused with a FormatError that suggests NDJSON, which streams). Their records'
 * `rawSha256` is the SHA-256 of `JSON.stringify(record)`, since the record's own byte span is
 * not tracked; NDJSON hashes the line as it is in the file.
 *
 * @module
 */
import { FormatError } from '../../errors.js';
import type { JsonValue } from '../../model/event.js';
import { sha256Hex } from '../../model/ids.js';
import type { Locator } from '../../model/issue.js';
import { activityProblems } from '../activities-api/activity.js';
import { fieldsFromActivity } from './activity-fields.js';
import { MAX_WHOLE_JSON_BYTES, readWholeText, splitJsonDocuments } from './json-documents.js';
import { issue } from './read-issue.js';
import type { ReadItem, ReadOptions } from './types.js';

export { readActivitiesNdjson } from './ndjson-reader.js';
export { MAX_WHOLE_JSON_BYTES };

/**
 * Reads saved Activities pages: a `{"value": [...]}` page, an array of pages, a bare array of
 * activities, a single activity object, or several of these concatenated or one per line.
 * Locators give `row` = 1-based position among all records of the file and `line` = the line
 * where the enclosing top-level document starts; issues add the record's JSON path as `column`.
 */
export async function* readActivitiesJson(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const file = opts.displayName ?? path;
  const { text, validUtf8 } = await readWholeText(path, file, opts.signal);
  if (!validUtf8) yield invalidUtf8('activities.json.invalid_utf8', file);
  let row = 0;
  let doc = 0;
  for (const span of splitJsonDocuments(text)) {
    doc++;
    const where = { file, line: span.line };
    const value = parseDocument(
      text.slice(span.start, span.end),
      span.unterminated,
      'activities.json',
      where,
    );
    if (value.type !== 'value') {
      yield value;
      continue;
    }
    const name = `document ${doc}`;
    const candidates = recordsOfDocument(value.value);
    for (const c of candidates) {
      if (c.kind === 'shape') {
        yield issue(
          'activities.json.shape',
          'error',
          { ...where, column: c.path },
          `${name}, ${c.path}: ${c.message}`,
          JSON.stringify(c.value),
        );
        continue;
      }
      row++;
      yield checkedRecord(c.value, { ...where, row }, c.path, 'activities.json.invalid_record', name);
    }
  }
}

/**
 * Reads the emulator's data set, `{"mailboxes": {"<upn>": [activity, ...]}}`; each record's
 * `mailbox` is its key. Other top-level keys are ignored. A file that is not such an object is
 * not a data set: FormatError.
 */
export async function* readEmulatorDataset(path: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const file = opts.displayName ?? path;
  const { text, validUtf8 } = await readWholeText(path, file, opts.signal);
  if (!validUtf8) yield invalidUtf8('activities.dataset.invalid_utf8', file);
  let top: unknown;
  try {
    top = JSON.parse(text);
  } catch (e) {
    throw new FormatError(`[activities-files] ${file} is not an emulator data set: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const mailboxes = (top as { mailboxes?: unknown } | null)?.mailboxes;
  if (!isObject(top) || !isObject(mailboxes)) {
    throw new FormatError(
      `[activities-files] ${file} is not an emulator data set: expected {"mailboxes": {"<upn>": [...]}}`,
    );
  }
  let row = 0;
  for (const [mailbox, list] of Object.entries(mailboxes)) {
    const base = `$.mailboxes[${JSON.stringify(mailbox)}]`;
    if (!Array.isArray(list)) {
      yield issue(
        'activities.dataset.shape',
        'error',
        { file, column: base },
        `${base} is not an array of activities`,
        JSON.stringify(list),
      );
      continue;
    }
    for (let i = 0; i < list.length; i++) {
      row++;
      const item = checkedRecord(
        list[i] as JsonValue,
        { file, row },
        `${base}[${i}]`,
        'activities.dataset.invalid_record',
      );
      yield item.type === 'record' ? { type: 'record', record: { ...item.record, mailbox } } : item;
    }
  }
}

// --- Internal helpers ---

type Candidate =
  | { kind: 'record'; value: JsonValue; path: string }
  | { kind: 'shape'; value: JsonValue; path: string; message: string };

function isObject(v: unknown): v is Record<string, JsonValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A page: an object with a `value` array that is not itself an activity. */
function isPage(v: JsonValue): v is { value: JsonValue[] } {
  return isObject(v) && Array.isArray(v.value) && !('ActivityIdType' in v);
}

function* recordsOfDocument(value: JsonValue): Generator<Candidate> {
  const page = function* (p: { value: JsonValue[] }, path: string): Generator<Candidate> {
    for (let j = 0; j < p.value.length; j++)
      yield { kind: 'record', value: p.value[j]!, path: `${path}.value[${j}]` };
  };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const el = value[i]!;
      if (isPage(el)) yield* page(el, `$[${i}]`);
      else yield { kind: 'record', value: el, path: `$[${i}]` };
    }
  } else if (isPage(value)) yield* page(value, '$');
  else if (isObject(value) && 'mailboxes' in value)
    yield {
      kind: 'shape',
      value,
      path: '$',
      message: 'an emulator data set; read it with --format emulator-dataset',
    };
  else if (isObject(value) && ('TimeStamp' in value || 'ActivityIdType' in value))
    yield { kind: 'record', value, path: '$' };
  else
    yield {
      kind: 'shape',
      value,
      path: '$',
      message: 'neither a page ({"value": [...]}), an array nor an activity',
    };
}

function checkedRecord(
  value: JsonValue,
  locator: Locator,
  path: string,
  code: string,
  doc?: string,
): ReadItem {
  const problems = activityProblems(value);
  const text = JSON.stringify(value);
  if (problems.length > 0) {
    const where = doc ? `${doc}, ${path}` : path;
    return issue(
      code,
      'error',
      { ...locator, column: path },
      `${where}: ${problems.join('; ')}; record skipped`,
      text,
    );
  }
  const fields = fieldsFromActivity(value as Record<string, unknown>);
  return { type: 'record', record: { fields, raw: value, rawSha256: sha256Hex(text), locator } };
}

/** JSON.parse of one document, or an issue naming where it is and what JSON.parse said. */
function parseDocument(
  text: string,
  unterminated: boolean,
  prefix: string,
  where: Locator,
): { type: 'value'; value: JsonValue } | ReadItem {
  if (!unterminated) {
    try {
      return { type: 'value', value: JSON.parse(text) as JsonValue };
    } catch (e) {
      return issue(
        `${prefix}.invalid_json`,
        'error',
        where,
        `Not valid JSON: ${(e as Error).message}; skipped`,
        text,
      );
    }
  }
  return issue(
    `${prefix}.invalid_json`,
    'error',
    where,
    'JSON text ends inside an object or array; skipped',
    text,
  );
}

function invalidUtf8(code: string, file: string): ReadItem {
  return issue(code, 'warning', { file }, 'File is not valid UTF-8; invalid bytes were read as U+FFFD');
}
