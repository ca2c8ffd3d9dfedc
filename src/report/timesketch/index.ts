/**
 * Timesketch JSONL: one line per normalized event, in the shape Timesketch imports as is —
 * `message`, `datetime` (ISO 8601 UTC) and `timestamp_desc` — plus the event's own fields,
 * flat: the normalized columns under their store names (`mailbox`, `kind`, `operation`, `ip`,
 * `user_agent`, `client_session_id`, `subject`, …), each property of the bag as `prop_<Name>`
 * (strings verbatim, other values as JSON text), and the provenance (`adapter`, `raw_sha256`,
 * `locator` as JSON text). Absent and null fields are left out. Flat scalar fields keep
 * Timesketch's OpenSearch mapping stable across events.
 *
 * @module
 */
import type { MailboxEvent } from '../../model/event.js';

/** What the event's timestamp means, per kind (Timesketch's `timestamp_desc`). */
export function timestampDesc(e: Pick<MailboxEvent, 'kind'>): string {
  if (e.kind === 'auth.logon' || e.kind === 'auth.logon_failed') return 'Logon Time';
  if (e.kind === 'mail.delivery') return 'Delivery Time';
  if (e.kind.startsWith('search.')) return 'Search Time';
  if (e.kind === 'audit.gap') return 'Audit Gap Start';
  return 'Activity Time';
}

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * A one-line description: `[mail.read] ReadingPaneDisplayStart ap.clerk@contoso.example:
 * "Invoice 4471" from billing@… (Web, 185.220.101.34)`.
 */
export function eventMessage(e: MailboxEvent): string {
  let m = `[${e.kind}] ${e.operation} ${e.mailbox}`;
  const what: string[] = [];
  if (e.item?.subject !== undefined) what.push(JSON.stringify(clip(e.item.subject)));
  else if (e.text !== null) what.push(JSON.stringify(clip(e.text)));
  if (e.item?.sender !== undefined) what.push(`from ${e.item.sender}`);
  if (e.item?.targetFolder !== undefined) what.push(`to ${e.item.targetFolder}`);
  if (what.length > 0) m += `: ${what.join(' ')}`;
  const how = [e.app, e.ip, e.result === 'failure' ? 'failed' : null].filter((x) => x !== null);
  if (how.length > 0) m += ` (${how.join(', ')})`;
  return m;
}

/** `prop_<Name>`, with characters other than letters, digits and `_` replaced by `_`. */
export function propertyField(name: string): string {
  return `prop_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The event's fields flat, nulls left out (shared by the Timesketch and ECS mappings). */
export function flatEventFields(e: MailboxEvent): Record<string, string | number> {
  const s = e.session;
  const i = e.item;
  const fields: Record<string, string | number | null | undefined> = {
    event_id: e.id,
    mailbox: e.mailbox,
    kind: e.kind,
    operation: e.operation,
    app: e.app,
    ip: e.ip,
    user_agent: e.userAgent,
    actor: e.actor,
    result: e.result,
    client_session_id: s.clientSessionId,
    session_id: s.sessionId,
    aad_session_id: s.aadSessionId,
    unique_token_id: s.uniqueTokenId,
    search_session_id: s.searchSessionId,
    correlation_id: s.correlationId,
    item_id: i?.itemId,
    internet_message_id: i?.internetMessageId,
    subject: i?.subject,
    sender: i?.sender,
    received: i?.received,
    folder: i?.folder,
    target_folder: i?.targetFolder,
    conversation_id: i?.conversationId,
    size_bytes: i?.sizeBytes,
    text: e.text,
    recorded_time: e.recordedTime,
    adapter: e.source.adapter,
    ingest_id: e.source.ingestId,
    raw_sha256: e.source.rawSha256,
    locator: JSON.stringify(e.source.locator),
  };
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** One Timesketch record. */
export function timesketchRecord(e: MailboxEvent): Record<string, string | number> {
  const rec: Record<string, string | number> = {
    message: eventMessage(e),
    datetime: e.time,
    timestamp_desc: timestampDesc(e),
    data_type: 'mailtrail:mailbox:event',
    ...flatEventFields(e),
  };
  for (const [name, v] of Object.entries(e.properties)) {
    if (v === null) continue;
    const field = propertyField(name);
    if (!(field in rec)) rec[field] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return rec;
}

/** One JSONL line (with its `\n`). */
export function timesketchLine(e: MailboxEvent): string {
  return JSON.stringify(timesketchRecord(e)) + '\n';
}
