/**
 * What today's Unified Audit Log and Entra sign-in log would hold for the same mailbox activity
 * the Activities API serves: one chunk of scenario activities (a mailbox-day, or the intrusion
 * plot) mapped to audit records, so both APIs tell one story with the same messages, IPs,
 * clients and times.
 *
 * - Each client gets an Entra session: desktop Outlook and the phone one per chunk, each Outlook
 *   on the web login one, each legacy-protocol logon one. A session starts with an interactive
 *   sign-in (a Graph `signIn` plus its UserLoggedIn record) and every record done in it carries
 *   its `SessionId`, `AppAccessContext.AADSessionId` and the hourly token's `UniqueTokenId`;
 *   each hourly token of a modern client is issued by a non-interactive sign-in (audit-refresh.ts).
 * - ServerLogon → MailboxLogin; reads in the phone or OWA → MailItemsAccessed Bind, aggregated
 *   per session in 2-minute windows and de-duplicated per item and hour (ual-formats.md §3.2);
 *   desktop Outlook reads → one MailItemsAccessed Sync per folder and hour; SearchResult →
 *   SearchQueryInitiatedExchange; MessageSent → Send; Delete → MoveToDeletedItems or
 *   SoftDelete (rows of one multi-select become one record); Move → Move.
 *
 * @module
 */
import type { Activity } from '../../sources/activities-api/activity.js';
import type { AuditFactory, AuditItem } from './audit-factory.js';
import { planDaySessions, prop } from './audit-day-sessions.js';
import { refreshTokens } from './audit-refresh.js';
import type { AuditSession } from './audit-session.js';
import { folderPath } from './audit-vocabulary.js';

/** Extra knowledge about messages that the activities alone cannot give (moved items). */
export interface AuditHints {
  /** Item id → the message it is (e.g. an item whose id changed when it was filed). */
  readonly itemMessages?: ReadonlyMap<string, MessageMeta>;
  /** InternetMessageId of a sent message → its recipients. */
  readonly sendRecipients?: ReadonlyMap<string, readonly string[]>;
}

export interface MessageMeta {
  readonly internetMessageId?: string | undefined;
  readonly subject?: string | undefined;
  readonly sender?: string | undefined;
  readonly folder?: string | undefined;
}

export interface AuditDayOptions {
  readonly mailbox: string;
  /** The owner's desk IP, for desktop activity on a day without a desktop logon. */
  readonly officeIp: string;
  /** IPs whose sessions are the intruder's (ground truth). */
  readonly attackerIps: ReadonlySet<string>;
  readonly hints?: AuditHints;
  /** Hours a session's client went on refreshing its token after its last use (default 0). */
  readonly keepAliveHours?: (s: AuditSession) => number;
}

const HOUR = 3_600_000;
const BIND_WINDOW_MS = 120_000;

/** Maps one chunk of activities; records and sign-ins are appended to `f`. */
export function mapAuditChunk(
  f: AuditFactory,
  activities: readonly Activity[],
  o: AuditDayOptions,
): AuditSession[] {
  const ts = (a: Activity) => Date.parse(a.TimeStamp);
  const { keyOf, sessionAt, sessions } = planDaySessions(f, activities, o);

  // Pass 3: the records, in generation order.
  const messages = new Map<string, MessageMeta>(o.hints?.itemMessages ?? []);
  const itemOf = (id: string, folder?: string): AuditItem => {
    const m = messages.get(id);
    return {
      id,
      ...(m?.internetMessageId !== undefined ? { internetMessageId: m.internetMessageId } : {}),
      ...(m?.subject !== undefined ? { subject: m.subject } : {}),
      folder: folderPath(folder ?? m?.folder ?? 'Inbox'),
    };
  };
  const openBinds = new Map<string, { start: number; s: AuditSession; items: AuditItem[] }>();
  const seenBinds = new Set<string>();
  const seenSyncs = new Set<string>();
  const flush = (key: string) => {
    const b = openBinds.get(key);
    if (b) f.bind(b.start, b.s, o.mailbox, b.items);
    openBinds.delete(key);
  };
  const bind = (key: string, t: number, item: AuditItem) => {
    const dedupe = `${key}|${item.internetMessageId ?? item.id}|${Math.floor(t / HOUR)}`;
    if (seenBinds.has(dedupe)) return;
    seenBinds.add(dedupe);
    const open = openBinds.get(key);
    if (open && Math.abs(t - open.start) < BIND_WINDOW_MS) open.items.push(item);
    else {
      flush(key);
      openBinds.set(key, { start: t, s: sessionAt(key, t), items: [item] });
    }
  };
  const pending = new Map<string, { kind: string; original: MessageMeta }>();
  const groups = new Map<
    string,
    { t: number; op: 'MoveToDeletedItems' | 'SoftDelete'; key: string; from: string; items: AuditItem[] }
  >();
  let lastDeleteMove: { t: number; session: string; newId: string } | null = null;

  for (const a of activities) {
    const t = ts(a);
    const key = keyOf(a);
    const id = a.ActivityItemId;
    switch (a.ActivityIdType) {
      case 'MessageDelivered':
        if (id)
          messages.set(id, {
            internetMessageId: prop(a, 'InternetMessageId'),
            subject: prop(a, 'Subject'),
            sender: prop(a, 'SenderSmtpAddress'),
            folder: 'Inbox',
          });
        break;
      case 'ServerLogon':
        if (key) f.mailboxLogin(t, sessionAt(key, t), o.mailbox);
        break;
      case 'MarkAsRead': {
        if (!key || !id) break;
        const known = messages.get(id);
        const imid = prop(a, 'InternetMessageId');
        messages.set(id, { ...known, ...(imid ? { internetMessageId: imid } : {}) });
        const folder = folderPath(prop(a, 'SourceFolder') ?? 'Inbox');
        if (a.AppIdType === 'Outlook') {
          const k = `${key}|${folder}|${Math.floor(t / HOUR)}`;
          if (!seenSyncs.has(k)) {
            seenSyncs.add(k);
            f.sync(t, sessionAt(key, t), o.mailbox, folder);
          }
        } else bind(key, t, itemOf(id, prop(a, 'SourceFolder')));
        break;
      }
      case 'ReadingPaneDisplayStart':
      case 'OpenedAnAttachment':
        if (key && id) bind(key, t, itemOf(id, prop(a, 'SelectedFolderName')));
        break;
      case 'SearchResult':
        if (key) f.search(t, sessionAt(key, t), o.mailbox, prop(a, 'Query') ?? '');
        break;
      case 'Reply':
      case 'ReplyAll':
      case 'Forward':
        if (key && id) pending.set(a.AppIdType, { kind: a.ActivityIdType, original: messages.get(id) ?? {} });
        break;
      case 'MessageSent': {
        if (!key || !id) break;
        const imid = prop(a, 'InternetMessageId');
        const p = pending.get(a.AppIdType);
        pending.delete(a.AppIdType);
        const subject = p
          ? `${p.kind === 'Forward' ? 'FW: ' : 'RE: '}${p.original.subject ?? ''}`
          : undefined;
        messages.set(id, { internetMessageId: imid, subject, folder: 'SentItems' });
        const recipients =
          (imid ? o.hints?.sendRecipients?.get(imid) : undefined) ??
          (p?.original.sender ? [p.original.sender] : []);
        f.send(
          t,
          sessionAt(key, t),
          o.mailbox,
          { id, internetMessageId: imid, subject, folder: '\\Sent Items' },
          recipients,
        );
        break;
      }
      case 'Move':
        if (!key || !id) break;
        if (prop(a, 'MoveType') === 'Delete') lastDeleteMove = { t, session: a.ClientSessionId, newId: id };
        else {
          const from = folderPath(prop(a, 'SourceFolder') ?? 'Inbox');
          f.itemGroup(
            t,
            'Move',
            sessionAt(key, t),
            o.mailbox,
            [itemOf(id, prop(a, 'SourceFolder'))],
            from,
            folderPath(prop(a, 'TargetFolder') ?? 'Inbox'),
          );
        }
        break;
      case 'Delete': {
        if (!key || !id) break;
        const type = prop(a, 'DeleteType');
        const source = prop(a, 'SourceDefaultFolderType') ?? prop(a, 'SelectedFolderName') ?? 'Inbox';
        const item = itemOf(id, source);
        if (lastDeleteMove && lastDeleteMove.t === t && lastDeleteMove.session === a.ClientSessionId) {
          // The moved copy in Deleted Items is the same message under a new id.
          messages.set(lastDeleteMove.newId, { ...messages.get(id), folder: 'DeletedItems' });
          lastDeleteMove = null;
        }
        const op = type === 'SoftDelete' ? 'SoftDelete' : 'MoveToDeletedItems';
        const g = `${t}|${key}|${op}|${source}`;
        const group = groups.get(g);
        if (group) group.items.push(item);
        else groups.set(g, { t, op, key, from: folderPath(source), items: [item] });
        break;
      }
      default:
        break;
    }
  }
  for (const key of [...openBinds.keys()]) flush(key);
  for (const g of groups.values()) {
    const to = g.op === 'SoftDelete' ? '\\Recoverable Items\\Deletions' : '\\Deleted Items';
    f.itemGroup(g.t, g.op, sessionAt(g.key, g.t), o.mailbox, g.items, g.from, to);
  }
  // Pass 4: the hourly token refreshes of each session, up to its last use.
  const lastUse = new Map<string, number>();
  for (const a of activities) {
    const key = keyOf(a);
    if (key !== null) lastUse.set(key, Math.max(lastUse.get(key) ?? ts(a), ts(a)));
  }
  refreshTokens(
    f,
    [...lastUse].map(([key, last]) => ({
      at: (t: number) => sessionAt(key, t),
      lastUse: last,
      keepAliveHours: o.keepAliveHours?.(sessionAt(key, last)) ?? 0,
    })),
  );
  return sessions;
}
