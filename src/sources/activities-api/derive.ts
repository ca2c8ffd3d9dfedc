/**
 * What an activity's own fields say, derived the same way wherever activities are read: by the
 * normalizer that builds stored events and by the streaming report path that builds light
 * analysis events. One place, so the two can never disagree.
 *
 * @module
 */
import type { ItemRef, PropertyValue } from '../../model/event.js';
import type { EventKind } from '../../model/kinds.js';
import { normalizeIp } from '../../model/ip.js';
import { parseInstant, type Instant } from '../../model/time.js';
import { kindOfActivity, logonResult } from './operations.js';

/** A property as non-empty text (non-strings as JSON), or `undefined`. */
export type PropertyText = (name: string) => string | undefined;

export function propertyText(p: Readonly<Record<string, PropertyValue>>): PropertyText {
  return (name) => {
    const v = p[name];
    if (v === undefined || v === null) return undefined;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s === '' ? undefined : s;
  };
}

export interface DerivedActivity {
  kind: EventKind;
  ip: string | null;
  userAgent: string | null;
  actor: string | null;
  result: 'success' | 'failure' | null;
  text: string | null;
  searchSessionId: string | undefined;
}

/** Kind, client, actor, outcome and text of an activity (docs/event-model.md, the Activities table). */
export function deriveActivity(
  op: string,
  p: Readonly<Record<string, PropertyValue>>,
  str: PropertyText,
): DerivedActivity {
  const d: DerivedActivity = {
    kind: kindOfActivity(op),
    ip: null,
    userAgent: null,
    actor: null,
    result: null,
    text: null,
    searchSessionId: undefined,
  };
  if (op === 'ServerLogon') {
    d.ip = normalizeIp(str('ClientIP'));
    d.userAgent = str('UserAgent') ?? null;
    d.actor = str('UserName') ?? null;
    d.result = logonResult(p.Result);
    if (d.result === 'failure') d.kind = 'auth.logon_failed';
  } else if (op === 'Logon') {
    d.ip = normalizeIp(str('IPAddress'));
    d.userAgent = str('Browser') ?? null;
  } else if (op === 'SearchSuggestionsDisplay') {
    d.text = str('SuggestionStimulus') ?? null;
  } else if (op === 'SearchResult') {
    d.text = str('Query') ?? null;
    d.searchSessionId = str('Sid');
  } else if (op === 'SearchQueryExecute' || op === 'SearchSessionStart' || op === 'SearchRequestEnd') {
    d.searchSessionId = str('SearchSessionId');
  }
  return d;
}

/**
 * The message fields the activity's properties name, written into `item`. `ReceivedTime` is left
 * to the caller, which decides what an unreadable one means.
 */
export function deriveItemFields(
  item: { -readonly [K in keyof ItemRef]?: ItemRef[K] },
  str: PropertyText,
): void {
  const set = <K extends keyof ItemRef>(key: K, value: ItemRef[K] | undefined) => {
    if (value !== undefined) item[key] = value;
  };
  set('internetMessageId', str('InternetMessageId'));
  set('subject', str('Subject'));
  set('sender', str('SenderSmtpAddress') ?? str('SenderAddress') ?? str('From'));
  set('conversationId', str('ConversationId'));
  set(
    'folder',
    str('DeliveredFolderType') ??
      str('SourceFolder') ??
      str('SelectedFolderName') ??
      str('SourceDefaultFolderType') ??
      str('CreationFolder'),
  );
  set('targetFolder', str('TargetFolder') ?? str('DestinationFolder'));
}

/**
 * {@link parseInstant} with a fast path for the shape every Activities source writes,
 * `YYYY-MM-DDTHH:MM:SS[.fraction]Z`: validated field by field and returned as the canonical text
 * (exactly what parseInstant returns for it). Anything else takes parseInstant itself.
 */
export function instantOf(t: string): Instant | null {
  const n = t.length;
  if (n < 20 || t.charCodeAt(n - 1) !== 90 /* Z */ || t.charCodeAt(10) !== 84 /* T */) return parseInstant(t);
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58)
    return parseInstant(t);
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = digits(t, 17, 2);
  // Years below 1000 and anything out of range go the slow way (it decides what they mean).
  if (
    y < 1000 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > daysInMonth(y, mo) ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59
  )
    return parseInstant(t);
  if (n === 20) return (t.slice(0, 19) + '.000Z') as Instant;
  if (t.charCodeAt(19) !== 46 /* . */ || n === 21) return parseInstant(t);
  for (let i = 20; i < n - 1; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return parseInstant(t);
  }
  if (n === 24) return t as Instant;
  return (t.slice(0, 20) + (t.slice(20, n - 1) + '000').slice(0, 3) + 'Z') as Instant;
}

/** The value of `len` ASCII digits at `at`, or -1 when one is not a digit. */
function digits(t: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}
