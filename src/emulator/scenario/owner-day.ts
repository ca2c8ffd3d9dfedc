/**
 * One ordinary day of a mailbox owner: Outlook desktop from the office (MAPI reconnects give
 * several ServerLogons), the phone syncing through the day, now and then an Outlook on the web
 * session with searches and a multi-select delete, and the mail itself — delivered, read, answered,
 * filed (new item id) or deleted. Weekends are quiet. Each day draws from its own forked stream,
 * so days can be generated independently and in any order.
 *
 * @module
 */
import type { Rng } from '../prng.js';
import { ActivityFactory, type Message } from './activity-factory.js';
import { DAY_MS, WORK_END_UTC_H, WORK_START_UTC_H, anyTime, isWeekend, workTime } from './calendar.js';
import {
  ARCHIVE_FOLDERS,
  COWORKERS,
  DOMAIN,
  HOME_IP,
  MOBILE_IPS,
  MOBILE_UA,
  OUTLOOK_UA,
  OWNER_BROWSER_UA,
  OWNER_TIMEZONE,
  SEARCHES,
  SENDERS,
  SUBJECTS,
} from './vocabulary.js';

/** How a mailbox lives: where it works from and how much mail it gets. */
export interface MailboxProfile {
  readonly upn: string;
  readonly officeIp: string;
  /** Mean deliveries per workday at scale 1. */
  readonly deliveriesPerWorkday: number;
  /** Mean Outlook on the web sessions per workday at scale 1. */
  readonly owaSessionsPerWorkday: number;
}

interface Window {
  readonly start: number;
  readonly end: number;
  readonly session: string;
}

const MIN = 60_000;

/** Generates the owner's activities of `day` (midnight UTC) into a new factory. */
export function ownerDay(rng: Rng, day: number, profile: MailboxProfile, scale: number): ActivityFactory {
  const f = new ActivityFactory(rng, profile.upn);
  const weekend = isWeekend(day);
  const workStart = day + WORK_START_UTC_H * 3_600_000 + Math.round(rng.normal() * 20 * MIN);
  const workEnd = day + WORK_END_UTC_H * 3_600_000 + Math.round(rng.normal() * 30 * MIN);
  const deskIp = rng.chance(0.2) ? HOME_IP : profile.officeIp;
  const mobileSession = rng.guid();

  // Outlook desktop: a ServerLogon per MAPI (re)connect, each a server session of its own.
  const outlook: Window[] = [];
  if (!weekend) {
    const connections = Math.max(1, Math.round(rng.int(3, 7) * scale));
    for (let i = 0; i < connections; i++) {
      const start = i === 0 ? workStart : workStart + rng.next() * (workEnd - workStart);
      outlook.push({ start, end: workEnd, session: rng.guid() });
    }
    outlook.sort((a, b) => a.start - b.start);
    for (const w of outlook) f.serverLogon(w.start, 'Outlook', w.session, deskIp, OUTLOOK_UA);
  }
  // The Outlook session in use at time t: the latest connection before it (binary search, as
  // large scales give hundreds of connections a day).
  const outlookAt = (t: number): string => {
    let lo = 0;
    let hi = outlook.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((outlook[mid] as Window).start <= t) lo = mid + 1;
      else hi = mid;
    }
    return (outlook[Math.max(0, lo - 1)] ?? { session: mobileSession }).session;
  };

  // The phone syncs all day, also at weekends.
  for (let i = rng.poisson((weekend ? 2 : 4) * scale); i > 0; i--) {
    f.serverLogon(
      day + rng.int(11, 27) * 3_600_000 + rng.int(0, 3_599_999),
      'Mobile',
      rng.guid(),
      rng.pick(MOBILE_IPS),
      MOBILE_UA,
    );
  }

  // Outlook on the web: ServerLogon (server session) + Logon (OWA context shared by its activities).
  const owa: Window[] = [];
  for (let i = weekend ? 0 : rng.poisson(profile.owaSessionsPerWorkday * scale); i > 0; i--) {
    const start = workTime(rng, day);
    const session = rng.guid();
    f.serverLogon(start, 'Web', rng.guid(), deskIp, OWNER_BROWSER_UA);
    f.owaLogon(start + rng.int(1500, 3000), session, deskIp, OWNER_BROWSER_UA, OWNER_TIMEZONE);
    let t = start + rng.int(20, 90) * 1000;
    for (let s = rng.int(1, 2); s > 0; s--)
      t = f.search(t + rng.int(30, 600) * 1000, rng.pick(SEARCHES), session);
    owa.push({ start, end: Math.max(t, start + rng.int(20, 90) * MIN), session });
  }

  const messages: Message[] = [];
  const deliveries = rng.poisson((weekend ? 0.2 : 1) * profile.deliveriesPerWorkday * scale);
  for (let i = 0; i < deliveries; i++) {
    const received = !weekend && rng.chance(0.75) ? workTime(rng, day) : anyTime(rng, day);
    const sender = rng.pick(SENDERS);
    const subject = rng.pick(SUBJECTS).replace('{n}', String(rng.int(1000, 9999)));
    const recipients = rng.chance(0.3) ? `${profile.upn};${rng.pick(COWORKERS)}` : profile.upn;
    const m = f.message(
      received,
      sender,
      subject,
      rng.chance(0.25),
      recipients,
      sender.split('@')[1] ?? DOMAIN,
    );
    f.delivered(m);
    messages.push(m);
    handleMessage(f, rng, m, { weekend, workStart, workEnd, owa, outlookAt, mobileSession });
  }

  // Mail written from scratch.
  for (let i = weekend ? 0 : rng.poisson(3 * scale); i > 0; i--) {
    const at = workTime(rng, day);
    const m = f.message(
      at,
      profile.upn,
      rng.pick(SUBJECTS).replace('{n}', String(rng.int(1000, 9999))),
      false,
      rng.pick(COWORKERS),
      DOMAIN,
    );
    f.sent(m, 'Outlook');
  }

  // Multi-select delete in OWA: one row per item, same TimeStamp, session and properties (§5).
  const session = owa[0];
  const bulk = messages.filter(
    (m) => m.folder === 'Inbox' && session !== undefined && m.received < session.start,
  );
  if (session && bulk.length >= 3) {
    const at = session.start + rng.int(60, 600) * 1000;
    const lag = rng.int(2000, 20000);
    for (const m of bulk.slice(0, rng.int(3, 5))) {
      f.add(
        at,
        'Web',
        'Delete',
        m.itemId,
        session.session,
        [
          ['DeleteType', 'MoveToDeletedItems'],
          ['DeletedByMultiSelect', 'True'],
          ['DeletedByDeleteAll', 'False'],
          ['IsConversation', '0'],
          ['SelectedFolderName', 'Inbox'],
        ],
        lag,
      );
      m.folder = 'DeletedItems';
    }
  }
  return f;
}

interface DayContext {
  readonly weekend: boolean;
  readonly workStart: number;
  readonly workEnd: number;
  readonly owa: readonly Window[];
  readonly outlookAt: (t: number) => string;
  readonly mobileSession: string;
}

/** What happens to one delivered message: read, maybe opened, answered, filed or deleted. */
function handleMessage(f: ActivityFactory, rng: Rng, m: Message, day: DayContext): void {
  if (!rng.chance(0.85)) return;
  const wait = Math.round(-Math.log(1 - rng.next()) * 25 * MIN);
  let readAt = Math.max(m.received, day.workStart) + wait;
  const afterHours = day.weekend || readAt > day.workEnd;
  if (afterHours && rng.chance(0.5)) readAt = day.workStart + DAY_MS + rng.int(5, 90) * MIN; // next morning
  const web = !afterHours ? day.owa.find((w) => readAt >= w.start && readAt <= w.end) : undefined;
  const app = web ? 'Web' : afterHours && readAt < day.workStart + DAY_MS ? 'Mobile' : 'Outlook';
  const session = web ? web.session : app === 'Mobile' ? day.mobileSession : day.outlookAt(readAt);
  let t = readAt;
  if (web) t = f.readInPane(readAt, m, session, rng.int(3, 120));
  else f.markAsRead(readAt, m, app as 'Outlook' | 'Mobile', session);
  if (m.hasAttachment && rng.chance(0.5)) {
    t += rng.int(5, 60) * 1000;
    f.openAttachment(
      t,
      m,
      app,
      session,
      app === 'Web' ? rng.pick(['Download', 'Preview']) : app === 'Mobile' ? 'Preview' : 'Open',
    );
  }
  if (rng.chance(0.04)) f.linkClicked((t += rng.int(5, 90) * 1000), m, app, session);
  const r = rng.next();
  if (r < 0.14 && app !== 'Mobile') {
    const kind = r < 0.09 ? 'Reply' : r < 0.12 ? 'ReplyAll' : 'Forward';
    f.respond((t += rng.int(1, 15) * MIN), kind, m, app, session, DOMAIN);
  }
  if (
    m.sender.startsWith('newsletter') || m.sender.startsWith('noreply') ? rng.chance(0.6) : rng.chance(0.08)
  ) {
    f.deleteToTrash(t + rng.int(1, 120) * 1000, m, app, rng.guid());
  } else if (rng.chance(0.08)) {
    f.move((t += rng.int(1, 60) * 1000), m, rng.pick(ARCHIVE_FOLDERS), app, rng.guid());
    // A later answer from the archive folder carries the new item id.
    if (rng.chance(0.3) && app !== 'Mobile')
      f.respond(t + rng.int(10, 90) * MIN, 'ReplyAll', m, app, session, DOMAIN);
  }
}
