/**
 * Schema 2: read-only views for analysts (documented column by column in docs/sql.md). They
 * are plain SQL over `events`, so they never disagree with it; session attribution proper is
 * an analysis, and the `sessions` view is only a rollup by ClientSessionId.
 *
 * @module
 */
export const version = 2;
export const description = 'analyst views: logons, sessions, reads, searches, deliveries, actions';

const READ_KINDS = `'mail.read', 'mail.read_end', 'mail.folder_sync', 'attachment.open', 'link.click'`;
const SEARCH_KINDS = `'search.keystroke', 'search.query', 'search.activity'`;
const ACTION_KINDS = [
  'mail.send',
  'mail.reply',
  'mail.forward',
  'mail.draft',
  'mail.move',
  'mail.copy',
  'mail.delete',
  'mail.update',
  'mail.mark_unread',
  'folder.change',
  'calendar.change',
  'contact.change',
  'rule.change',
  'mailbox.config',
  'mailbox.permission',
  'app.consent',
]
  .map((k) => `'${k}'`)
  .join(', ');

export const sql = `
CREATE OR REPLACE VIEW logons AS
SELECT time, mailbox, kind, operation, result, ip, user_agent, app, actor,
       client_session_id, session_id, aad_session_id, unique_token_id, correlation_id, id
FROM events WHERE kind IN ('auth.logon', 'auth.logon_failed');

CREATE OR REPLACE VIEW sessions AS
SELECT mailbox, client_session_id,
       min(time) AS first_time, max(time) AS last_time,
       count(*) AS events,
       list_sort(list_distinct(list(app) FILTER (WHERE app IS NOT NULL))) AS apps,
       list_sort(list_distinct(list(ip) FILTER (WHERE ip IS NOT NULL))) AS ips,
       list_sort(list_distinct(list(user_agent) FILTER (WHERE user_agent IS NOT NULL))) AS user_agents,
       count(*) FILTER (WHERE kind = 'auth.logon') AS logons,
       count(*) FILTER (WHERE kind = 'auth.logon_failed') AS failed_logons,
       count(*) FILTER (WHERE kind IN (${READ_KINDS})) AS reads,
       count(*) FILTER (WHERE kind IN (${SEARCH_KINDS})) AS searches,
       count(*) FILTER (WHERE kind IN ('mail.send', 'mail.reply', 'mail.forward')) AS sends,
       count(*) FILTER (WHERE kind IN ('mail.delete', 'mail.move')) AS deletes_moves,
       histogram(kind) AS kinds
FROM events WHERE client_session_id IS NOT NULL
GROUP BY mailbox, client_session_id;

CREATE OR REPLACE VIEW reads AS
SELECT time, mailbox, kind, operation, app, client_session_id, item_id, internet_message_id,
       subject, sender, received, folder, conversation_id, size_bytes, id
FROM events WHERE kind IN (${READ_KINDS});

CREATE OR REPLACE VIEW searches AS
SELECT time, mailbox, kind, operation, text, search_session_id, client_session_id, app, id
FROM events WHERE kind IN (${SEARCH_KINDS});

CREATE OR REPLACE VIEW deliveries AS
SELECT time, mailbox, internet_message_id, subject, sender, received, folder, conversation_id,
       item_id, id
FROM events WHERE kind = 'mail.delivery';

CREATE OR REPLACE VIEW actions AS
SELECT time, mailbox, kind, operation, app, client_session_id, item_id, internet_message_id,
       subject, folder, target_folder, text, id
FROM events WHERE kind IN (${ACTION_KINDS});
`;
