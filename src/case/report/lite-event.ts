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
import {
  deriveActivity,
  deriveItemFields,
  instantOf,
  propertyText,
} from '../../sources/activities-api/derive.js';

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

/** {@link instantOf}: the TimeStamp fast path shared with the normalizer. */
export const fastInstant = instantOf;

/** The analysis event of one activity, or null when its TimeStamp is unreadable (as normalize drops it). */
export function liteEvent(
  f: LiteFields,
  props: Readonly<Record<string, PropertyValue>> | null,
  mailbox: string,
): AnalysisEvent | null {
  const time = fastInstant(f.timeStamp);
  if (time === null) return null;
  const p = props ?? EMPTY;
  const str = propertyText(p);
  const op = f.type;
  const { kind, ip, userAgent, actor, result, text } = deriveActivity(op, p, str);
  let item: ItemRef | null = null;
  if (f.itemId || props) {
    const it: { -readonly [K in keyof ItemRef]: ItemRef[K] } = {};
    if (f.itemId) it.itemId = f.itemId;
    if (props) deriveItemFields(it, str);
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
