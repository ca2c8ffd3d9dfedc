/** Realistic events for store tests, built with the real Activities normalizer. */
import type { JsonValue, MailboxEvent } from '../../src/model/event.js';
import { sha256Hex } from '../../src/model/ids.js';
import { normalizeActivity, type ActivityFields } from '../../src/sources/activities-api/normalize.js';

export function activity(i: number, over: Partial<ActivityFields> = {}): ActivityFields {
  const kinds = ['ServerLogon', 'ReadingPaneDisplayStart', 'SearchResult', 'MessageDelivered', 'Move'];
  const op = kinds[i % kinds.length]!;
  const props: Record<string, string> = {};
  if (op === 'ServerLogon')
    Object.assign(props, {
      ClientIP: `203.0.113.${i % 200}:443`,
      UserName: 'ap.clerk@contoso.example',
      UserAgent: 'Mozilla/5.0 "quoted"',
      Result: 'Success',
    });
  if (op === 'SearchResult')
    Object.assign(props, { Query: `invoice ${i}\ttab\nnewline 請求書 😀`, Sid: 'sid-1' });
  if (op === 'MessageDelivered')
    Object.assign(props, {
      Subject: "Don't pay",
      SenderSmtpAddress: 'x@evil.example',
      ReceivedTime: '6/11/2018 3:02:11 PM',
      InternetMessageId: `<m${i}@x>`,
    });
  if (op === 'Move') Object.assign(props, { SourceFolder: 'Inbox', TargetFolder: 'DeletedItems' });
  return {
    TimeStamp: new Date(Date.UTC(2018, 5, 12, 9) + i * 1000).toISOString(),
    AppIdType: op === 'ServerLogon' ? 'Outlook' : 'Web',
    ActivityIdType: op,
    ActivityItemId: op === 'ServerLogon' ? null : `AAMk${i}`,
    ActivityCreationTime:
      op === 'ReadingPaneDisplayStart'
        ? new Date(Date.UTC(2018, 5, 12, 9) + i * 1000 + 5).toISOString()
        : null,
    ClientSessionId: `session-${i % 3}`,
    properties: props,
    ...over,
  };
}

export function makeEvent(
  i: number,
  opts: { ingestId?: string; mailbox?: string; over?: Partial<ActivityFields>; occurrence?: number } = {},
): MailboxEvent {
  const fields = activity(i, opts.over);
  const raw = {
    ...fields,
    CustomProperties: Object.entries(fields.properties).map(([Name, Value]) => ({ Name, Value })),
  } as unknown as JsonValue;
  const { event } = normalizeActivity(fields, {
    mailbox: opts.mailbox ?? 'AP.Clerk@contoso.example',
    adapter: 'activities-ndjson',
    locator: { file: 'evidence/imports/abc-test.ndjson', row: i + 1 },
    rawSha256: sha256Hex(JSON.stringify(raw)),
    raw,
    ...(opts.occurrence !== undefined ? { occurrence: opts.occurrence } : {}),
  });
  const e = event!;
  return opts.ingestId ? { ...e, source: { ...e.source, ingestId: opts.ingestId } } : e;
}

export const RUN = (id: string) => ({
  id,
  kind: 'import' as const,
  startedAt: '2026-11-22T10:00:00.000Z',
  finishedAt: '2026-11-22T10:00:01.000Z',
  command: ['import'],
  inputs: [],
  counts: {},
  issues: {},
  complete: true,
});
