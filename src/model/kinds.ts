/**
 * The closed vocabulary of what happened in a mailbox. Every source maps its own operation names
 * (Activities `ActivityIdType`, UAL `Operation`, sign-in records) onto exactly one of these; the
 * original name is always kept verbatim beside it in `MailboxEvent.operation`.
 *
 * @module
 */

export const EVENT_KINDS = {
  'auth.logon': 'A successful logon or session start (ServerLogon, OWA Logon, MailboxLogin, UserLoggedIn)',
  'auth.logon_failed': 'A failed logon attempt (UserLoginFailed, ServerLogon with a failure result)',
  'mail.delivery': 'A message was delivered to the mailbox (MessageDelivered)',
  'mail.read': 'A message was opened or shown (ReadingPaneDisplayStart, MarkAsRead, MailItemsAccessed Bind)',
  'mail.read_end': 'A message left the reading pane (ReadingPaneDisplayEnd)',
  'mail.mark_unread': 'A message was marked as unread',
  'mail.folder_sync':
    'A whole folder was synchronised to a client (MailItemsAccessed Sync): every item in it is exposed',
  'mail.send': 'A message was sent (MessageSent, Send, SendAs, SendOnBehalf)',
  'mail.reply': 'A message was replied to (Reply, ReplyAll)',
  'mail.forward': 'A message was forwarded',
  'mail.draft': 'A message was composed or a draft created (NewMessage, DraftCreated, Create)',
  'mail.move': 'A message was moved to another folder',
  'mail.copy': 'A message was copied',
  'mail.delete': 'A message was deleted (Delete, MoveToDeletedItems, SoftDelete, HardDelete)',
  'mail.update': 'A message was changed: flagged, categorised, classified, properties updated',
  'attachment.open': 'An attachment was opened, previewed or downloaded',
  'link.click': 'A link in a message was clicked',
  'search.keystroke': 'A search suggestion was shown for the text typed so far (SearchSuggestionsDisplay)',
  'search.query': 'A search was submitted (SearchResult, SearchQueryInitiatedExchange)',
  'search.activity': 'Other search machinery: session start, refiners, request end',
  'folder.change': 'A folder was created, deleted or marked favourite',
  'calendar.change': 'A calendar item or meeting request was created, answered or changed',
  'contact.change': 'A contact was created or changed',
  'rule.change': 'An inbox rule was created, changed or removed',
  'mailbox.config': 'A mailbox setting changed (forwarding, auditing, ...)',
  'mailbox.permission': 'A mailbox or folder permission was granted or removed',
  'app.consent': 'Consent was granted to an application',
  'audit.gap': 'The audit source says records were not written for a period (MailItemsAccessed throttling)',
  other: 'Anything else; kept with every field so nothing is dropped',
} as const satisfies Record<string, string>;

/** One of the closed set of event kinds; see {@link EVENT_KINDS} for what each means. */
export type EventKind = keyof typeof EVENT_KINDS;

export function isEventKind(value: string): value is EventKind {
  return Object.hasOwn(EVENT_KINDS, value);
}
