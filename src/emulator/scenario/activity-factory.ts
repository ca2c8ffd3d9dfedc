/**
 * Builds activity records with the property sets of activities-api.md §3.3 and §7: one method per
 * kind of thing a mailbox owner (or an intruder) does, so the day and plot generators read like
 * the story they tell. Records are appended to `out`; ids come from the factory's seeded stream.
 *
 * @module
 */
import type { Activity, CustomProperty } from '../../sources/activities-api/activity.js';
import type { Rng } from '../prng.js';
import { iso, receivedTime } from './calendar.js';

/** A message as the scenario tracks it. `itemId` changes when the message is moved (§5). */
export interface Message {
  itemId: string;
  folder: string;
  readonly internetMessageId: string;
  readonly subject: string;
  readonly sender: string;
  readonly conversationId: string;
  readonly received: number;
  readonly hasAttachment: boolean;
  readonly recipients: string;
}

const props = (pairs: readonly (readonly [string, string])[]): CustomProperty[] =>
  pairs.map(([Name, Value]) => ({ Name, Value }));

export class ActivityFactory {
  readonly out: Activity[] = [];
  constructor(
    readonly rng: Rng,
    readonly mailbox: string,
  ) {}

  /** An EWS-looking item id. */
  itemId(): string {
    return `AAMkAGI2${this.rng.base64(30)}AAA=`;
  }

  /** Appends one record; `lagMs` is the gap to ActivityCreationTime (OWA uploads in batches). */
  add(
    ts: number,
    app: string,
    type: string,
    itemId: string | null,
    session: string,
    pairs: readonly (readonly [string, string])[],
    lagMs = 0,
  ): void {
    this.out.push({
      Id: `AAMkAct${this.rng.base64(26)}`,
      TimeStamp: iso(ts),
      AppIdType: app,
      ActivityIdType: type,
      ActivityItemId: itemId,
      ActivityCreationTime: iso(ts + lagMs),
      ClientSessionId: session,
      CustomProperties: props(pairs),
    });
  }

  message(
    received: number,
    sender: string,
    subject: string,
    hasAttachment: boolean,
    recipients: string,
    domain: string,
  ): Message {
    const rng = this.rng;
    return {
      itemId: this.itemId(),
      folder: 'Inbox',
      internetMessageId: `<${rng.hex(8)}.${Math.floor(received / 1000)}@${domain}>`,
      subject,
      sender,
      conversationId: `AAQkAGI2${rng.base64(22)}=`,
      received,
      hasAttachment,
      recipients,
    };
  }

  delivered(m: Message): void {
    this.add(
      m.received,
      'Exchange',
      'MessageDelivered',
      m.itemId,
      this.rng.guid(),
      [
        ['Subject', m.subject],
        ['SenderSmtpAddress', m.sender],
        ['ReceivedTime', receivedTime(m.received)],
        ['SentTime', iso(m.received - this.rng.int(800, 9000)).replace(/\.\d{3}Z$/, 'Z')],
        ['InternetMessageId', m.internetMessageId],
        ['ConversationId', m.conversationId],
        ['DeliveredFolderType', 'Inbox'],
        ['DeliveredToInbox', 'True'],
        ['DeliveredToClutter', 'False'],
        ['ItemClass', 'IPM.Note'],
        ['Recipients', m.recipients],
        ['MessageGuid', this.rng.guid()],
      ],
      this.rng.int(5, 60),
    );
  }

  serverLogon(ts: number, app: string, session: string, ip: string, userAgent: string): void {
    this.add(ts, app, 'ServerLogon', null, session, [
      ['Result', 'Success'],
      ['ExceptionInfo', ''],
      ['UserName', this.mailbox],
      ['ClientIP', ip],
      ['UserAgent', userAgent],
    ]);
  }

  owaLogon(ts: number, session: string, ip: string, browser: string, timezone: string): void {
    this.add(
      ts,
      'Web',
      'Logon',
      null,
      session,
      [
        ['Layout', 'Mouse'],
        ['Timezone', timezone],
        ['IPAddress', ip],
        ['Browser', browser],
        ['InferenceUiReady', '1'],
        ['Flights', ''],
        ['InferenceUiOnKeyName', '1'],
      ],
      this.rng.int(900, 2500),
    );
  }

  /** Opens a message in the OWA reading pane for `seconds`; returns when it was closed. */
  readInPane(ts: number, m: Message, session: string, seconds: number): number {
    const end = ts + seconds * 1000;
    this.add(
      ts,
      'Web',
      'ReadingPaneDisplayStart',
      m.itemId,
      session,
      [
        ['IsConversation', '0'],
        ['IsClutter', '0'],
        ['SelectedFolderName', m.folder],
      ],
      this.rng.int(2000, 30000),
    );
    this.add(
      end,
      'Web',
      'ReadingPaneDisplayEnd',
      m.itemId,
      session,
      [['IsConversation', '0']],
      this.rng.int(2000, 30000),
    );
    return end;
  }

  markAsRead(ts: number, m: Message, app: 'Outlook' | 'Mobile', session: string): void {
    this.add(ts, app, 'MarkAsRead', m.itemId, session, [
      ['ReceivedTime', receivedTime(m.received)],
      ['SenderAddress', m.sender],
      ['InternetMessageId', m.internetMessageId],
      ['SourceFolder', m.folder],
    ]);
  }

  /** Reply, ReplyAll or Forward, then the MessageSent of the new item; returns the sent message. */
  respond(
    ts: number,
    kind: 'Reply' | 'ReplyAll' | 'Forward',
    m: Message,
    app: string,
    session: string,
    domain: string,
  ): Message {
    const pairs: [string, string][] =
      app === 'Web'
        ? [['SelectedFolderName', m.folder]]
        : [
            ['ReceivedTime', receivedTime(m.received)],
            ['SenderAddress', m.sender],
            ['InternetMessageId', m.internetMessageId],
            ['SourceDefaultFolderType', m.folder],
          ];
    this.add(ts, app, kind, m.itemId, session, pairs, app === 'Web' ? this.rng.int(1000, 5000) : 0);
    const sentAt = ts + this.rng.int(20, 240) * 1000;
    const prefix = kind === 'Forward' ? 'FW: ' : 'RE: ';
    const sent = this.message(sentAt, this.mailbox, prefix + m.subject, false, m.sender, domain);
    sent.folder = 'SentItems';
    this.sent(sent, app);
    return sent;
  }

  /** MessageSent ([I]: ItemSchemaType per S14; InternetMessageId added so sends can be joined). */
  sent(m: Message, app: string): void {
    this.add(m.received, app, 'MessageSent', m.itemId, this.rng.guid(), [
      ['ItemSchemaType', 'Message'],
      ['InternetMessageId', m.internetMessageId],
    ]);
  }

  /** A store-side move; the message gets a new item id from then on (§5 "item ids change on move"). */
  move(ts: number, m: Message, target: string, app: string, session: string): void {
    const source = m.folder;
    m.itemId = this.itemId();
    m.folder = target;
    this.add(ts, app, 'Move', m.itemId, session, [
      ['MoveType', target === 'DeletedItems' ? 'Delete' : 'Move'],
      ['SourceFolder', source],
      ['TargetFolder', target],
    ]);
  }

  /** Move to Deleted Items plus the Delete record that carries the pre-move id, as in §7. */
  deleteToTrash(ts: number, m: Message, app: string, session: string): void {
    const oldId = m.itemId;
    const source = m.folder;
    this.move(ts, m, 'DeletedItems', app, session);
    this.add(ts, app, 'Delete', oldId, session, [
      ['DeleteType', 'MoveToDeletedItems'],
      ['DeletedByEmptyFolder', 'False'],
      ['DeletedByDeleteAllClutter', 'False'],
      ['SourceDefaultFolderType', source],
    ]);
  }

  /** Types `term` into the OWA search box, one SearchSuggestionsDisplay per keystroke; returns the end. */
  search(ts: number, term: string, session: string): number {
    let t = ts;
    const upload = ts + term.length * 400 + this.rng.int(1500, 6000);
    for (let i = 1; i <= term.length; i++) {
      t += this.rng.int(90, 380);
      this.add(
        t,
        'Web',
        'SearchSuggestionsDisplay',
        null,
        session,
        [['SuggestionStimulus', term.slice(0, i)]],
        Math.max(0, upload - t),
      );
    }
    t += this.rng.int(400, 1500);
    this.add(
      t,
      'Web',
      'SearchResult',
      null,
      session,
      [
        ['Query', term],
        ['Sid', this.rng.guid()],
        ['Rid', this.rng.guid()],
        ['Trunc', 'False'],
      ],
      this.rng.int(5, 40),
    );
    return t;
  }

  openAttachment(ts: number, m: Message, app: string, session: string, action: string): void {
    this.add(
      ts,
      app,
      'OpenedAnAttachment',
      m.itemId,
      session,
      [['AttachmentAction', action]],
      app === 'Web' ? this.rng.int(1000, 9000) : 0,
    );
  }

  /** LinkClicked has no attested properties: an empty CustomProperties list (§8.10). */
  linkClicked(ts: number, m: Message, app: string, session: string): void {
    this.add(ts, app, 'LinkClicked', m.itemId, session, [], app === 'Web' ? this.rng.int(1000, 9000) : 0);
  }
}
