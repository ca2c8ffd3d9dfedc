/**
 * Elastic Common Schema NDJSON: one document per normalized event, with ECS field names where
 * ECS has them (`@timestamp`, `event.*`, `source.ip`, `source.geo.country_iso_code`,
 * `source.as.*`, `user_agent.original`, `user.name`, `email.*`, `related.*`, `message`) and the
 * rest under `mailtrail.*` (values verbatim). With a bulk index name each document is preceded
 * by a `{"create":{"_index":…,"_id":<event id>}}` action line, so the file can be POSTed to
 * `_bulk` as is; the event id as `_id` makes a second upload of the same case a no-op
 * (409 per document) instead of duplicates.
 *
 * `source.ip` is set only for a syntactically valid IP (Elasticsearch's `ip` type rejects
 * anything else); an unparseable recorded address stays in `mailtrail.ip`.
 *
 * @module
 */
import { isIP } from 'node:net';
import type { MailboxEvent } from '../../model/event.js';
import type { EventKind } from '../../model/kinds.js';
import { eventMessage } from '../timesketch/index.js';

export const ECS_VERSION = '8.11.0';

/** What the offline databases said of an IP (the report's GeoIP enrichment). */
export interface IpInfo {
  readonly country: string | null;
  readonly asn: number | null;
  readonly asOrg: string | null;
}

export type IpLookup = (ip: string) => IpInfo | undefined;

const CATEGORY: Partial<Record<EventKind, readonly [readonly string[], readonly string[]]>> = {
  'auth.logon': [['authentication', 'session'], ['start']],
  'auth.logon_failed': [['authentication'], ['start']],
  'mail.delivery': [['email'], ['info']],
  'mail.read': [['email'], ['access']],
  'mail.read_end': [['email'], ['end']],
  'mail.folder_sync': [['email'], ['access']],
  'mail.mark_unread': [['email'], ['change']],
  'mail.send': [['email'], ['info']],
  'mail.reply': [['email'], ['info']],
  'mail.forward': [['email'], ['info']],
  'mail.draft': [['email'], ['creation']],
  'mail.move': [['email'], ['change']],
  'mail.copy': [['email'], ['creation']],
  'mail.delete': [['email'], ['deletion']],
  'mail.update': [['email'], ['change']],
  'attachment.open': [['email'], ['access']],
  'link.click': [['email', 'web'], ['access']],
  'search.keystroke': [['email'], ['info']],
  'search.query': [['email'], ['info']],
  'search.activity': [['email'], ['info']],
  'folder.change': [['email'], ['change']],
  'calendar.change': [['email'], ['change']],
  'contact.change': [['email'], ['change']],
  'rule.change': [['configuration', 'email'], ['change']],
  'mailbox.config': [['configuration', 'email'], ['change']],
  'mailbox.permission': [['iam'], ['change']],
  'app.consent': [['iam'], ['change']],
};

function compact<T extends Record<string, unknown>>(o: T): Partial<T> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? (out as Partial<T>) : undefined;
}

/** One ECS document. */
export function ecsDocument(e: MailboxEvent, lookup?: IpLookup): Record<string, unknown> {
  const validIp = e.ip !== null && isIP(e.ip) !== 0 ? e.ip : null;
  const info = validIp !== null ? lookup?.(validIp) : undefined;
  const cat = CATEGORY[e.kind];
  const users = [...new Set([e.mailbox, ...(e.actor !== null ? [e.actor] : [])])];
  const i = e.item;
  const doc: Record<string, unknown> = {
    '@timestamp': e.time,
    message: eventMessage(e),
    ecs: { version: ECS_VERSION },
    event: compact({
      id: e.id,
      kind: 'event',
      action: e.operation,
      category: cat?.[0],
      type: cat?.[1],
      outcome: e.result ?? 'unknown',
      module: 'mailtrail',
      dataset: 'mailtrail.events',
      provider: e.source.adapter,
    }),
    source: compact({
      ip: validIp,
      geo: compact({ country_iso_code: info?.country }),
      as: compact({
        number: info?.asn,
        organization: compact({ name: info?.asOrg }),
      }),
    }),
    user_agent: compact({ original: e.userAgent }),
    user: compact({ name: e.actor ?? e.mailbox, email: e.mailbox }),
    email: i
      ? compact({
          subject: i.subject,
          message_id: i.internetMessageId,
          local_id: i.itemId,
          from: compact({ address: i.sender !== undefined ? [i.sender] : undefined }),
          delivery_timestamp: i.received,
        })
      : undefined,
    related: compact({ ip: validIp !== null ? [validIp] : undefined, user: users }),
    mailtrail: compact({
      kind: e.kind,
      mailbox: e.mailbox,
      app: e.app,
      ip: e.ip !== null && validIp === null ? e.ip : undefined,
      actor: e.actor,
      session: compact({
        client_session_id: e.session.clientSessionId,
        session_id: e.session.sessionId,
        aad_session_id: e.session.aadSessionId,
        unique_token_id: e.session.uniqueTokenId,
        search_session_id: e.session.searchSessionId,
        correlation_id: e.session.correlationId,
      }),
      item: i
        ? compact({
            folder: i.folder,
            target_folder: i.targetFolder,
            conversation_id: i.conversationId,
            size_bytes: i.sizeBytes,
          })
        : undefined,
      text: e.text,
      recorded_time: e.recordedTime,
      properties: e.properties,
      source: compact({
        adapter: e.source.adapter,
        ingest_id: e.source.ingestId,
        locator: e.source.locator,
        raw_sha256: e.source.rawSha256,
      }),
    }),
  };
  for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
  return doc;
}

/** The NDJSON text of one event: its action line first when `bulkIndex` is given. */
export function ecsLines(e: MailboxEvent, lookup?: IpLookup, bulkIndex?: string): string {
  const body = JSON.stringify(ecsDocument(e, lookup)) + '\n';
  if (bulkIndex === undefined) return body;
  return JSON.stringify({ create: { _index: bulkIndex, _id: e.id } }) + '\n' + body;
}
