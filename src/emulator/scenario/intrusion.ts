/**
 * The plot of the BEC scenario, small and fixed: vendor invoice mail arriving in the weeks before,
 * a credential-phishing mail clicked on 2018-06-11, then on 2018-06-12 an Outlook on the web
 * session from a foreign IP with a different browser that searches "invoice", "payment" and
 * "wire", reads and downloads the invoices, forwards one outside and answers a vendor thread,
 * then deletes both sent messages (Move to Deleted Items + Delete, then a hard delete of both
 * rows at one timestamp); the next night an IMAP4 client logs on from a second foreign IP. The
 * owner keeps working from Outlook in the office meanwhile (that part comes from `ownerDay`).
 *
 * @module
 */
import type { Rng } from '../prng.js';
import { ActivityFactory, type Message } from './activity-factory.js';
import { iso } from './calendar.js';
import type { ScenarioTruth } from './truth.js';
import {
  ARCHIVE_FOLDERS,
  ATTACKER_BROWSER_UA,
  ATTACKER_LEGACY_IP,
  ATTACKER_TIMEZONE,
  ATTACKER_WEB_IP,
  DOMAIN,
  OUTLOOK_UA,
  OFFICE_IP,
} from './vocabulary.js';

export type PlotTruth = Omit<ScenarioTruth, 'scenario' | 'seed' | 'scale' | 'mailboxes' | 'period'>;

const at = (month: number, day: number, h: number, m: number, s: number) =>
  Date.UTC(2018, month - 1, day, h, m, s);

/** Builds the plot's activities (all in the victim's mailbox) and its ground truth. */
export function buildIntrusion(
  rng: Rng,
  victim: string,
): { activities: ActivityFactory['out']; truth: PlotTruth } {
  const f = new ActivityFactory(rng, victim);
  const jitter = () => rng.int(0, 999);
  const vendor = 'billing@northwind-supplies.example';
  const mail = (when: number, sender: string, subject: string, attachment: boolean): Message => {
    const m = f.message(when + jitter(), sender, subject, attachment, victim, sender.split('@')[1] as string);
    f.delivered(m);
    return m;
  };
  const ownerSession = rng.guid();
  // The owner handled these weeks before; the invoice was filed, so its item id changed.
  const invoice = mail(at(5, 29, 15, 12, 4), vendor, 'Invoice 4471 - payment due', true);
  const remit = mail(at(6, 5, 14, 2, 51), vendor, 'Re: Updated remittance details for Northwind', false);
  const wire = mail(at(6, 7, 16, 40, 9), vendor, 'Invoice 4502 — wire transfer instructions', true);
  const schedule = mail(
    at(6, 8, 13, 55, 30),
    `cfo@${DOMAIN}`,
    'Payment schedule Q2, "approved"; see attached',
    true,
  );
  f.serverLogon(at(5, 29, 15, 20, 0), 'Outlook', ownerSession, OFFICE_IP, OUTLOOK_UA);
  for (const m of [invoice, remit, wire, schedule])
    f.markAsRead(m.received + rng.int(5, 40) * 60_000, m, 'Outlook', ownerSession);
  f.move(invoice.received + 3_600_000, invoice, ARCHIVE_FOLDERS[0], 'Outlook', rng.guid());
  f.respond(remit.received + 5_400_000, 'Reply', remit, 'Outlook', ownerSession, DOMAIN);

  const phish = mail(
    at(6, 11, 15, 42, 17),
    'it-support@contoso-mailcenter.example',
    'Action required: mailbox quota exceeded – re-validate your account',
    false,
  );
  f.markAsRead(at(6, 11, 15, 47, 2), phish, 'Outlook', ownerSession);
  const clicked = at(6, 11, 15, 48, 36) + jitter();
  f.linkClicked(clicked, phish, 'Outlook', ownerSession);

  // 2018-06-12: the intruder's OWA session.
  const serverSession = rng.guid();
  const owa = rng.guid();
  const start = at(6, 12, 14, 3, 11) + jitter();
  f.serverLogon(start, 'Web', serverSession, ATTACKER_WEB_IP, ATTACKER_BROWSER_UA);
  f.owaLogon(start + 2_314, owa, ATTACKER_WEB_IP, ATTACKER_BROWSER_UA, ATTACKER_TIMEZONE);
  let t = f.search(start + 48_000, 'invoice', owa);
  t = f.readInPane(t + 4_000, invoice, owa, rng.int(15, 40));
  f.openAttachment((t += 3_000), invoice, 'Web', owa, 'Download');
  t = f.readInPane(t + 6_000, wire, owa, rng.int(20, 60));
  f.openAttachment((t += 2_500), wire, 'Web', owa, 'Download');
  t = f.search(t + 20_000, 'payment', owa);
  t = f.readInPane(t + 5_000, schedule, owa, rng.int(10, 30));
  t = f.readInPane(t + 4_000, remit, owa, rng.int(10, 30));
  t = f.search(t + 15_000, 'wire', owa);
  t = f.readInPane(t + 3_000, wire, owa, rng.int(5, 15));
  const forwardedTo = 'accounts-payable@northwind-supp1ies.example';
  const forward = f.respond((t += 60_000), 'Forward', invoice, 'Web', owa, DOMAIN);
  const reply = f.respond((t += 150_000), 'Reply', remit, 'Web', owa, DOMAIN);
  // Clean-up, logged store-side with its own sessions: Move + Delete, then a hard delete of both
  // items in one multi-select (identical TimeStamps).
  const cleanup = rng.guid();
  const purge = rng.guid();
  t = Math.max(t, reply.received) + 95_000;
  f.deleteToTrash(t, forward, 'Web', cleanup);
  f.deleteToTrash((t += 2_200), reply, 'Web', cleanup);
  t += 41_000;
  for (const m of [forward, reply]) {
    f.add(t, 'Web', 'Delete', m.itemId, purge, [
      ['DeleteType', 'SoftDelete'],
      ['DeletedByEmptyFolder', 'False'],
      ['DeletedByDeleteAllClutter', 'False'],
      ['SourceDefaultFolderType', 'DeletedItems'],
    ]);
  }
  const end = t;

  // Next night: a legacy-protocol client from another foreign IP (no modern auth, no UA).
  const legacy: { timeStamp: string; ip: string; appIdType: string }[] = [];
  const imapSessions: string[] = [];
  for (const offset of [0, 1_210_000, 2_470_000]) {
    const when = at(6, 13, 2, 14, 40) + offset + jitter();
    const session = rng.guid();
    imapSessions.push(session);
    f.serverLogon(when, 'IMAP4', session, ATTACKER_LEGACY_IP, 'Client=IMAP4;Protocol=IMAP4');
    legacy.push({ timeStamp: iso(when), ip: ATTACKER_LEGACY_IP, appIdType: 'IMAP4' });
  }

  return {
    activities: f.out,
    truth: {
      victim,
      phishing: {
        internetMessageId: phish.internetMessageId,
        subject: phish.subject,
        sender: phish.sender,
        deliveredAt: iso(phish.received),
        linkClickedAt: iso(clicked),
      },
      attacker: {
        ips: [ATTACKER_WEB_IP, ATTACKER_LEGACY_IP],
        webIp: ATTACKER_WEB_IP,
        legacyIp: ATTACKER_LEGACY_IP,
        userAgent: ATTACKER_BROWSER_UA,
        clientSessionIds: [serverSession, owa, cleanup, purge, ...imapSessions],
        window: { start: iso(start), end: iso(end) },
        searchTerms: ['invoice', 'payment', 'wire'],
        readInternetMessageIds: [invoice, wire, schedule, remit].map((m) => m.internetMessageId),
        attachmentInternetMessageIds: [invoice, wire].map((m) => m.internetMessageId),
        forwardedInternetMessageIds: [invoice.internetMessageId],
        forwardedTo,
        repliedInternetMessageIds: [remit.internetMessageId],
        sentInternetMessageIds: [forward, reply].map((m) => m.internetMessageId),
        deletedInternetMessageIds: [forward, reply].map((m) => m.internetMessageId),
        legacyLogons: legacy,
      },
    },
  };
}
