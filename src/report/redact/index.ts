/**
 * Pseudonymisation for `--redact subjects,queries,addresses`: each value becomes a token derived
 * with HMAC-SHA256 under a per-case secret (`subject-3f9a1c2b4d5e`), so the same value gets the
 * same token in every output of a case, while the outputs alone do not reveal it (no dictionary
 * attack without the secret). The token → original map is collected here and kept by the case
 * layer, never written into a report.
 *
 * What is replaced:
 * - `subjects`: message subjects (`subject` members; the `Subject` property of events);
 * - `queries`: search text (`query`, `typed`, `submittedQuery`; a search event's `text`;
 *   `Query`, `SuggestionStimulus`, … properties);
 * - `addresses`: e-mail addresses wherever they appear in text (mailboxes, senders, users,
 *   paths, finding summaries), except inside Message-IDs (`<…@…>`), which are identifiers.
 *
 * Free text (finding summaries, notes) also has every known subject and query replaced.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import type { JsonValue, MailboxEvent } from '../../model/event.js';
import type { ReportDocument } from '../types.js';

export type RedactClass = 'subjects' | 'queries' | 'addresses';
export const REDACT_CLASSES: readonly RedactClass[] = ['subjects', 'queries', 'addresses'];

const PREFIX: Record<RedactClass, string> = { subjects: 'subject', queries: 'query', addresses: 'address' };

/** Hex digits of the HMAC kept in a token: 48 bits, collision-free for any real case. */
const TOKEN_HEX = 12;

const ADDRESS = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MESSAGE_ID = /^<[^<>\s]+@[^<>\s]+>$/;

const SUBJECT_KEYS = new Set(['subject']);
const QUERY_KEYS = new Set(['query', 'typed', 'submittedQuery']);
/** Free text that may quote a subject or a query. */
const FREE_TEXT_KEYS = new Set(['summary', 'text', 'resolutionNote']);
/** Identifiers: never altered (Message-IDs carry a domain but are not addresses). */
const ID_KEYS = new Set(['internetMessageId', 'itemId', 'evidence', 'id', 'sessionId', 'fromSession']);
/** Event properties holding search text or a subject (Activities and UAL names). */
export const QUERY_PROPERTIES = new Set([
  'Query',
  'SuggestionStimulus',
  'SearchQuery',
  'QueryText',
  'QueryString',
]);
export const SUBJECT_PROPERTIES = new Set(['Subject']);

export interface Redactor {
  readonly classes: ReadonlySet<RedactClass>;
  /** The token for a value of a class (the value itself when that class is not redacted). */
  token(cls: RedactClass, value: string): string;
  /** Addresses in `value` replaced. */
  addresses(value: string): string;
  /** Addresses replaced, and every subject and query tokenised so far (free text). */
  text(value: string): string;
  /** Every token issued so far → its original. */
  mapping(): Record<string, string>;
}

export function createRedactor(key: Uint8Array, classes: Iterable<RedactClass>): Redactor {
  const on = new Set(classes);
  const tokens = new Map<string, string>(); // `${cls}\0${value}` → token
  const originals = new Map<string, string>(); // token → original
  const known: { value: string; cls: RedactClass }[] = [];
  let knownSorted = true;
  const token = (cls: RedactClass, value: string): string => {
    if (!on.has(cls) || value === '') return value;
    const norm = cls === 'addresses' ? value.toLowerCase() : value;
    const k = `${cls}\0${norm}`;
    let t = tokens.get(k);
    if (t === undefined) {
      const h = createHmac('sha256', key).update(k).digest('hex').slice(0, TOKEN_HEX);
      t = `${PREFIX[cls]}-${h}`;
      tokens.set(k, t);
      if (!originals.has(t)) originals.set(t, value);
      if (cls !== 'addresses' && value.length >= 3) {
        known.push({ value, cls });
        knownSorted = false;
      }
    }
    return t;
  };
  const addresses = (s: string): string =>
    on.has('addresses') && !MESSAGE_ID.test(s) && s.includes('@')
      ? s.replace(ADDRESS, (a) => token('addresses', a))
      : s;
  return {
    classes: on,
    token,
    addresses,
    text(value) {
      let s = value;
      if (known.length > 0) {
        if (!knownSorted) {
          known.sort((a, b) => b.value.length - a.value.length);
          knownSorted = true;
        }
        for (const k of known) if (s.includes(k.value)) s = s.split(k.value).join(token(k.cls, k.value));
      }
      return addresses(s);
    },
    mapping: () => Object.fromEntries(originals),
  };
}

/**
 * A deep copy of `value` with the redactor applied by member name: subjects and queries by
 * key, addresses in every string but identifiers, free text (`summary`, …) through
 * {@link Redactor.text}.
 */
export function redactValue(value: unknown, r: Redactor, key = ''): unknown {
  if (typeof value === 'string') {
    if (ID_KEYS.has(key)) return value;
    if (SUBJECT_KEYS.has(key)) return r.token('subjects', value);
    if (QUERY_KEYS.has(key)) return r.token('queries', value);
    return FREE_TEXT_KEYS.has(key) ? r.text(value) : r.addresses(value);
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, r, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, r, k);
    return out;
  }
  return value;
}

/**
 * The report document with the redactor applied. Subjects and queries are tokenised in a first
 * walk, so that the second can also replace them inside free text (finding summaries).
 */
export function redactDocument(doc: ReportDocument, r: Redactor): ReportDocument {
  if (r.classes.size === 0) return doc;
  collect(doc, r, '');
  return redactValue(doc, r) as ReportDocument;
}

function collect(value: unknown, r: Redactor, key: string): void {
  if (typeof value === 'string') {
    if (SUBJECT_KEYS.has(key)) r.token('subjects', value);
    else if (QUERY_KEYS.has(key)) r.token('queries', value);
  } else if (Array.isArray(value)) for (const v of value) collect(v, r, key);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) collect(v, r, k);
}

/**
 * An event with the redactor applied to everything that can carry the redacted values: the
 * mailbox, actor and sender; the subject; a search event's text; the property bag and the raw
 * record (by property name, and any string equal to the event's subject or query); the locator.
 */
export function redactEvent(e: MailboxEvent, r: Redactor): MailboxEvent {
  if (r.classes.size === 0) return e;
  const subject = e.item?.subject;
  const query = e.kind.startsWith('search.') && e.text !== null ? e.text : undefined;
  const exact = new Map<string, string>();
  if (subject !== undefined) exact.set(subject, r.token('subjects', subject));
  if (query !== undefined) exact.set(query, r.token('queries', query));
  const str = (s: string, name?: string): string => {
    if (name !== undefined && SUBJECT_PROPERTIES.has(name)) return r.token('subjects', s);
    if (name !== undefined && QUERY_PROPERTIES.has(name)) return r.token('queries', s);
    return exact.get(s) ?? r.addresses(s);
  };
  const deep = (v: JsonValue, name?: string): JsonValue => {
    if (typeof v === 'string') return str(v, name);
    if (Array.isArray(v)) return v.map((x) => deep(x, name));
    if (v !== null && typeof v === 'object') {
      // Activities CustomProperties: [{ Name, Value }]: the value is redacted by its Name.
      const pairName = typeof v.Name === 'string' && 'Value' in v ? v.Name : undefined;
      const out: { [k: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) out[k] = deep(x, k === 'Value' && pairName ? pairName : k);
      return out;
    }
    return v;
  };
  const item = e.item
    ? {
        ...e.item,
        ...(e.item.subject !== undefined ? { subject: r.token('subjects', e.item.subject) } : {}),
        ...(e.item.sender !== undefined ? { sender: r.addresses(e.item.sender) } : {}),
      }
    : null;
  const properties: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(e.properties)) properties[k] = deep(v, k);
  return {
    ...e,
    mailbox: r.addresses(e.mailbox),
    actor: e.actor === null ? null : r.addresses(e.actor),
    userAgent: e.userAgent === null ? null : r.addresses(e.userAgent),
    item,
    text: e.text === null ? null : query !== undefined ? r.token('queries', e.text) : r.text(e.text),
    properties,
    raw: deep(e.raw),
    source: { ...e.source, locator: deep(e.source.locator as unknown as JsonValue) as never },
  };
}
