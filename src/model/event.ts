/**
 * The normalized mailbox event: one shape onto which the legacy Activities API records and
 * today's Unified Audit Log and sign-in records all map without losing anything. Convenience
 * fields (kind, ip, item, ...) are derived; `raw` keeps the original record verbatim, so a
 * normalizer can always be re-run and no original property is ever lost.
 *
 * See docs/event-model.md for the field reference and the mapping tables.
 *
 * @module
 */
import type { EventId } from './ids.js';
import type { Issue } from './issue.js';
import type { EventKind } from './kinds.js';
import type { SourceRef } from './provenance.js';
import type { Instant } from './time.js';

/** JSON value, as records arrive from the sources. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The session identifiers a record carries. More than one kind exists and they mean different
 * things, so they are kept apart rather than merged into one "session id".
 */
export interface SessionKeys {
  /** Activities API `ClientSessionId`: the OWA user context, or one server-side mailbox session. */
  readonly clientSessionId?: string;
  /** Exchange audit `SessionId` / Entra sign-in `sessionId`: the root interactive authentication. */
  readonly sessionId?: string;
  /** `AppAccessContext.AADSessionId` (linkable identifiers, 2025). */
  readonly aadSessionId?: string;
  /** `AppAccessContext.UniqueTokenId` / sign-in `uniqueTokenIdentifier`: one issued token. */
  readonly uniqueTokenId?: string;
  /** Search session (`Sid`, `SearchSessionId`) that ties keystrokes and results together. */
  readonly searchSessionId?: string;
  /** Per-request or per-flow correlation id. Not a session: never join sessions on it. */
  readonly correlationId?: string;
}

/** The message (or folder) an event is about, with whatever the record itself says of it. */
export interface ItemRef {
  /** Store item id (EWS id). Changes when the item moves folder. */
  readonly itemId?: string;
  /** RFC 5322 Message-ID; stable across moves, the better join key. */
  readonly internetMessageId?: string;
  readonly subject?: string;
  /** Sender address as the record gives it. */
  readonly sender?: string;
  /** When the message was received, if the record says. */
  readonly received?: Instant;
  /** Folder the item was in (name or well-known type as recorded; may be localised). */
  readonly folder?: string;
  /** Destination folder of a move. */
  readonly targetFolder?: string;
  readonly conversationId?: string;
  /** Size in bytes, when the record gives one (MailItemsAccessed). */
  readonly sizeBytes?: number;
}

/** A property value as the source recorded it: strings stay strings ("True", "0"). */
export type PropertyValue = JsonValue;

export interface MailboxEvent {
  /** Stable identity derived from the record's content (see `eventId`). */
  readonly id: EventId;
  /** When the activity happened, UTC, millisecond precision. */
  readonly time: Instant;
  /** The mailbox the event belongs to: lower-cased UPN / primary SMTP address. */
  readonly mailbox: string;
  readonly kind: EventKind;
  /** The source's own name for the operation, verbatim (`ReadingPaneDisplayStart`, `MailItemsAccessed`). */
  readonly operation: string;
  /** Client or application type verbatim (`Web`, `Outlook`, `IMAP4`, `Client=OWA;...`, `Browser`). */
  readonly app: string | null;
  /** Client IP address without port or brackets. */
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** The account that acted, when the record names one (it may differ from the mailbox). */
  readonly actor: string | null;
  /** Outcome where the record states one; `null` when it does not. */
  readonly result: 'success' | 'failure' | null;
  readonly session: SessionKeys;
  readonly item: ItemRef | null;
  /** Free text the event is about: the search query or keystrokes typed, a rule name, ... */
  readonly text: string | null;
  /** When the source wrote the record (`ActivityCreationTime`), if different from `time`. */
  readonly recordedTime: Instant | null;
  /** The record's flattened property bag (CustomProperties, OperationProperties, ...), values verbatim. */
  readonly properties: Readonly<Record<string, PropertyValue>>;
  /** The original record, as parsed from the evidence. */
  readonly raw: JsonValue;
  readonly source: SourceRef;
}

/** Result of normalizing one raw record: zero or more events and zero or more issues. */
export interface Normalized {
  readonly events: MailboxEvent[];
  readonly issues: Issue[];
}
