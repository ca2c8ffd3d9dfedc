/**
 * Builds the analyses' view of an activity ({@link AnalysisEvent}) straight from its standard
 * fields and the few CustomProperties the analyses read, without the full normalization (no
 * event id hash, no raw record): the streaming `unicorn` path uses it to stay fast and small.
 * The mapping mirrors `normalizeActivity` field for field (a test checks they agree).
 *
 * @module
 */
import type { AnalysisEvent } from '../../analyses/types.js';
import type { ItemRef, PropertyValue } from '../../model/event.js';
import type { EventId } from '../../model/ids.js';
import { normalizeIp } from '../../model/ip.js';
import { parseInstant, type Instant } from '../../model/time.js';
import { kindOfActivity, logonResult } from '../../sources/activities-api/operations.js';

/** The CustomProperties the analyses read; nothing else is extracted on the fast path. */
export const ANALYSIS_PROPERTIES: readonly string[] = [
  'Subject',
  'SenderSmtpAddress',
  'SenderAddress',
  'From',
  'ReceivedTime',
  'InternetMessageId',
  'DeliveredFolderType',
  'SourceFolder',
  'SelectedFolderName',
  'SourceDefaultFolderType',
  'CreationFolder',
  'TargetFolder',
  'DestinationFolder',
  'MoveType',
  'DeleteType',
  'ClientIP',
  'UserName',
  'UserAgent',
  'Result',
  'IPAddress',
  'Browser',
  'SuggestionStimulus',
  'Query',
  'AttachmentAction',
];

export interface LiteFields {
  readonly timeStamp: string;
  readonly app: string | null;
  readonly type: string;
  readonly itemId: string | null;
  readonly session: string | null;
}

const NO_ID = '' as EventId;
const EMPTY: Readonly<Record<string, PropertyValue>> = Object.freeze({});

/** Canonical instants pass through untouched; anything else goes through parseInstant. */
export function fastInstant(text: string): Instant | null {
  if (
    text.length === 24 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(19) === 46 /* . */ &&
    text.charCodeAt(23) === 90 /* Z */ &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45
  ) {
    const h = text.charCodeAt(11) * 10 + text.charCodeAt(12) - 528;
    const d = text.charCodeAt(8) * 10 + text.charCodeAt(9) - 528;
    const mo = text.charCodeAt(5) * 10 + text.charCodeAt(6) - 528;
    if (h < 24 && d >= 1 && mo >= 1 && mo <= 12 && (d <= 28 || d <= daysInMonth(text, mo)))
      return text as Instant;
  }
  return parseInstant(text);
}

function daysInMonth(text: string, mo: number): number {
  if (mo !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  const y = Number(text.slice(0, 4));
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** The analysis event of one activity, or null when its TimeStamp is unreadable (as normalize drops it). */
export function liteEvent(
  f: LiteFields,
  props: Readonly<Record<string, PropertyValue>> | null,
  mailbox: string,
): AnalysisEvent | null {
  const time = fastInstant(f.timeStamp);
  if (time === null) return null;
  const p = props ?? EMPTY;
  const str = (name: string): string | undefined => {
    const v = p[name];
    if (v === undefined || v === null) return undefined;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    return s === '' ? undefined : s;
  };
  const op = f.type;
  let kind = kindOfActivity(op);
  let ip: string | null = null;
  let userAgent: string | null = null;
  let actor: string | null = null;
  let result: AnalysisEvent['result'] = null;
  let text: string | null = null;
  if (op === 'ServerLogon') {
    ip = normalizeIp(str('ClientIP'));
    userAgent = str('UserAgent') ?? null;
    actor = str('UserName') ?? null;
    result = logonResult(p.Result);
    if (result === 'failure') kind = 'auth.logon_failed';
  } else if (op === 'Logon') {
    ip = normalizeIp(str('IPAddress'));
    userAgent = str('Browser') ?? null;
  } else if (op === 'SearchSuggestionsDisplay') {
    text = str('SuggestionStimulus') ?? null;
  } else if (op === 'SearchResult') {
    text = str('Query') ?? null;
  }
  let item: ItemRef | null = null;
  if (f.itemId || props) {
    const it: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
    if (f.itemId) it.itemId = f.itemId;
    const set = <K extends keyof ItemRef>(key: K, value: ItemRef[K] | undefined) => {
      if (value !== undefined) it[key] = value;
    };
    if (props) {
      set('internetMessageId', str('InternetMessageId'));
      set('subject', str('Subject'));
      set('sender', str('SenderSmtpAddress') ?? str('SenderAddress') ?? str('From'));
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
    if (Object.keys(it).length > 0) item = it;
  }
  return {
    id: NO_ID,
    time,
    mailbox,
    kind,
    operation: op,
    app: f.app,
    ip,
    userAgent,
    actor,
    result,
    session: f.session ? { clientSessionId: f.session } : {},
    item,
    text,
    properties: p,
  };
}
