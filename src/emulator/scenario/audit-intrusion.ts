/**
 * The intrusion as the Unified Audit Log and Entra sign-in log see it. The plot's activities are
 * mapped like any other chunk (the owner's weeks of vendor mail, the intruder's OWA session and
 * IMAP logons), then the audit-only acts of the intruder are added, all inside the OWA session:
 * a mistyped password first (UserLoginFailed, error 50126), consent to a mail-reading app, an
 * inbox rule forwarding payment mail to the look-alike vendor domain and deleting it, mailbox
 * forwarding to an outside address, and a purge of the two sent messages from Recoverable Items
 * (HardDelete) after the soft delete. The intruder's browser stays open afterwards: its token is
 * refreshed hourly for {@link ATTACKER_KEEPALIVE_HOURS} more hours, non-interactive sign-ins from
 * the intruder's IP that no mailbox record shows.
 *
 * @module
 */
import type { Rng } from '../prng.js';
import { AuditFactory, creationTime, type AuditData } from './audit-factory.js';
import { mapAuditChunk, type MessageMeta } from './audit-day.js';
import { consent as consentTo, signIn } from './audit-entra.js';
import {
  EXCHANGE_ORG_PATH,
  EXTERNAL_FORWARD_MAILBOX,
  ROGUE_APP,
  TENANT_ID,
  directoryUser,
} from './audit-vocabulary.js';
import type { PlotTruth } from './intrusion.js';
import type { AuditTruth } from './truth.js';
import { OFFICE_IP } from './vocabulary.js';
import type { Activity } from '../../sources/activities-api/activity.js';

/** Hours the intruder's OWA session went on refreshing its token after its last use. */
const ATTACKER_KEEPALIVE_HOURS = 5;

const prop = (a: Activity, name: string): string | undefined => {
  const v = a.CustomProperties.find((p) => p.Name === name)?.Value;
  return v === undefined || v === null ? undefined : String(v);
};

/** The plot's audit records and sign-ins, and their ground truth. */
export function buildAuditIntrusion(
  rng: Rng,
  plot: { readonly activities: readonly Activity[]; readonly truth: PlotTruth },
): { records: AuditData[]; signIns: AuditData[]; truth: AuditTruth } {
  const { victim, attacker } = plot.truth;
  // The intruder opened messages by their current item ids; the owner had filed one of them
  // (new id), so say which message each id is: the reading order is the truth's read order.
  const owaContext = attacker.clientSessionIds[1];
  const subjects = new Map<string, MessageMeta>();
  for (const a of plot.activities)
    if (a.ActivityIdType === 'MessageDelivered')
      subjects.set(prop(a, 'InternetMessageId') ?? '', {
        subject: prop(a, 'Subject'),
        sender: prop(a, 'SenderSmtpAddress'),
      });
  const paneIds: string[] = [];
  for (const a of [...plot.activities].sort((x, y) => Date.parse(x.TimeStamp) - Date.parse(y.TimeStamp)))
    if (
      a.ClientSessionId === owaContext &&
      a.ActivityIdType === 'ReadingPaneDisplayStart' &&
      a.ActivityItemId &&
      !paneIds.includes(a.ActivityItemId)
    )
      paneIds.push(a.ActivityItemId);
  const itemMessages = new Map<string, MessageMeta>();
  paneIds.forEach((id, i) => {
    const imid = attacker.readInternetMessageIds[i];
    if (imid !== undefined) itemMessages.set(id, { ...subjects.get(imid), internetMessageId: imid });
  });
  const sendRecipients = new Map<string, readonly string[]>();
  const forwardImid = attacker.sentInternetMessageIds[0];
  if (forwardImid !== undefined) sendRecipients.set(forwardImid, [attacker.forwardedTo]);

  const f = new AuditFactory(rng);
  const sessions = mapAuditChunk(f, plot.activities, {
    mailbox: victim,
    officeIp: OFFICE_IP,
    attackerIps: new Set(attacker.ips),
    hints: { itemMessages, sendRecipients },
    keepAliveHours: (s) => (s.attacker && s.client.app === 'Web' ? ATTACKER_KEEPALIVE_HOURS : 0),
  });
  const web = sessions.find((s) => s.attacker && s.client.app === 'Web');
  if (!web) throw new Error('audit intrusion: the plot has no intruder OWA session');
  const start = Date.parse(attacker.window.start);
  const end = Date.parse(attacker.window.end);

  // A mistyped password before the successful sign-in that opened the session.
  const failedAt = web.started - rng.int(20_000, 60_000);
  const failed = signIn(
    f,
    failedAt,
    web,
    50126,
    'Error validating credentials due to invalid username or password.',
  );
  const consentAt = start + 30_000 + rng.int(0, 999);
  // A directory record: no SessionId, attributed to the session it was done in by its time and IP.
  const consent = consentTo(f, consentAt, web, ROGUE_APP);
  const ruleName = '.';
  const words = 'invoice, payment, wire, remittance';
  const ruleAt = end - 30_000 + rng.int(0, 999);
  const owner = directoryUser(victim);
  f.cmdlet(ruleAt, 'New-InboxRule', web, `${EXCHANGE_ORG_PATH}/${owner.objectId}\\${ruleName}`, [
    ['AlwaysDeleteOutlookRulesBlob', 'False'],
    ['Force', 'False'],
    ['Name', ruleName],
    ['SubjectOrBodyContainsWords', words],
    ['ForwardTo', attacker.forwardedTo],
    ['DeleteMessage', 'True'],
    ['MarkAsRead', 'True'],
    ['StopProcessingRules', 'True'],
  ]);
  const forwardingAt = end - 20_000 + rng.int(0, 999);
  f.cmdlet(forwardingAt, 'Set-Mailbox', web, victim, [
    ['Identity', victim],
    ['ForwardingSmtpAddress', `smtp:${EXTERNAL_FORWARD_MAILBOX}`],
    ['DeliverToMailboxAndForward', 'True'],
  ]);
  // Purge from Recoverable Items after the soft delete of both sent messages.
  const soft = f.records.find((r) => r.Operation === 'SoftDelete' && r.SessionId === web.sessionId);
  const purgedAt = end + 7_000 + rng.int(0, 999);
  if (soft && Array.isArray(soft.AffectedItems)) {
    const items = soft.AffectedItems.map((it) => {
      const o = it as { Id: string; InternetMessageId?: string; Subject?: string };
      return {
        id: o.Id,
        ...(o.InternetMessageId !== undefined ? { internetMessageId: o.InternetMessageId } : {}),
        ...(o.Subject ? { subject: o.Subject } : {}),
        folder: '\\Recoverable Items\\Deletions',
      };
    });
    f.itemGroup(purgedAt, 'HardDelete', web, victim, items, '\\Recoverable Items\\Deletions', null);
  }

  const attackerSessions = sessions.filter((s) => s.attacker);
  const ids = new Set(attackerSessions.map((s) => s.sessionId));
  const mine = (r: AuditData) =>
    r === consent ||
    ids.has(String(r.SessionId ?? '')) ||
    (Array.isArray(r.DeviceProperties) &&
      r.DeviceProperties.some((p) => ids.has(String((p as { Value?: string }).Value))));
  const attackerRecords = f.records
    .filter(mine)
    .sort((a, b) => String(a.CreationTime).localeCompare(String(b.CreationTime)));
  const ofAttacker = (interactive: boolean) =>
    f.signIns
      .filter((s) => ids.has(String(s.sessionId)) && (s.isInteractive !== false) === interactive)
      .sort((a, b) => String(a.createdDateTime).localeCompare(String(b.createdDateTime)));
  const attackerSignIns = ofAttacker(true);
  const attackerRefreshes = ofAttacker(false);
  const imidsOf = (op: string) =>
    attackerRecords
      .filter((r) => r.Operation === op)
      .flatMap((r) => (Array.isArray(r.AffectedItems) ? r.AffectedItems : []))
      .map((it) => String((it as { InternetMessageId?: string }).InternetMessageId ?? ''))
      .filter(Boolean);
  const webRecords = attackerRecords.filter(
    (r) => r.SessionId === web.sessionId || r.Operation === 'UserLoginFailed',
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const first = webRecords[0];
  const last = webRecords[webRecords.length - 1];
  return {
    records: f.records,
    signIns: f.signIns,
    truth: {
      tenantId: TENANT_ID,
      attackerSessionIds: [
        web.sessionId,
        ...attackerSessions.filter((s) => s !== web).map((s) => s.sessionId),
      ],
      webSessionId: web.sessionId,
      attackerUniqueTokenIds: attackerSignIns.map((s) => String(s.uniqueTokenIdentifier)).filter(Boolean),
      attackerSignInIds: attackerSignIns.map((s) => String(s.id)),
      failedSignInIds: [String(failed.signIn.id)],
      attackerNonInteractiveSignInIds: attackerRefreshes.map((s) => String(s.id)),
      attackerRefreshedUniqueTokenIds: attackerRefreshes.map((s) => String(s.uniqueTokenIdentifier)),
      attackerRecordIds: attackerRecords.map((r) => String(r.Id)),
      webWindow: {
        start: `${String(first?.CreationTime ?? creationTime(failedAt))}Z`,
        end: `${String(last?.CreationTime ?? creationTime(purgedAt))}Z`,
      },
      searchQueries: attackerRecords
        .filter((r) => r.Operation === 'SearchQueryInitiatedExchange')
        .map((r) => String(r.QueryText)),
      boundInternetMessageIds: [
        ...new Set(
          attackerRecords
            .filter((r) => r.Operation === 'MailItemsAccessed')
            .flatMap((r) => (Array.isArray(r.Folders) ? r.Folders : []))
            .flatMap((fo) => (fo as { FolderItems?: { InternetMessageId?: string }[] }).FolderItems ?? [])
            .map((it) => it.InternetMessageId ?? '')
            .filter(Boolean),
        ),
      ],
      sentInternetMessageIds: attackerRecords
        .filter((r) => r.Operation === 'Send')
        .map((r) => String((r.Item as { InternetMessageId?: string }).InternetMessageId ?? '')),
      deletedInternetMessageIds: [...new Set([...imidsOf('MoveToDeletedItems'), ...imidsOf('SoftDelete')])],
      hardDeletedInternetMessageIds: imidsOf('HardDelete'),
      inboxRule: {
        name: ruleName,
        forwardTo: attacker.forwardedTo,
        subjectOrBodyContainsWords: words,
        createdAt: iso(Math.floor(ruleAt / 1000) * 1000),
      },
      mailboxForwarding: {
        forwardingSmtpAddress: `smtp:${EXTERNAL_FORWARD_MAILBOX}`,
        setAt: iso(Math.floor(forwardingAt / 1000) * 1000),
      },
      consentedApp: {
        displayName: ROGUE_APP.displayName,
        appId: ROGUE_APP.appId,
        scopes: [...ROGUE_APP.scopes],
        consentedAt: iso(Math.floor(consentAt / 1000) * 1000),
      },
    },
  };
}
