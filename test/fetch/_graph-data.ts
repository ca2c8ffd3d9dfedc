/**
 * Small synthetic data sets for the Graph retriever tests: Exchange AuditData records (served by
 * the emulator as auditLogRecords) and Entra sign-ins, spread evenly over a period.
 */
import { makeActivities } from './_dataset.js';

export const AUDIT_START = '2026-08-01T00:00:00.000Z';
export const AUDIT_END = '2026-08-05T00:00:00.000Z';

/** The emulator serves Activities too; Graph tests give it one mailbox with one activity. */
export const NO_ACTIVITIES = { mailboxes: { 'unused@contoso.example': makeActivities(1, 1) } };

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `count` AuditData records of `user`, every `stepMs` from `startMs`: MailItemsAccessed and Send. */
export function auditRecords(
  user: string,
  count: number,
  seed: number,
  startMs = Date.parse(AUDIT_START),
  stepMs = Math.floor((Date.parse(AUDIT_END) - Date.parse(AUDIT_START)) / count),
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const t = new Date(startMs + i * stepMs).toISOString().replace(/\.\d{3}Z$/, '');
    const id = `${hex(seed, 8)}-${hex(i >> 16, 4)}-4${hex(i & 0xfff, 3)}-8000-${hex(i, 12)}`;
    const common = {
      Id: id,
      CreationTime: t,
      UserId: user,
      UserKey: '10032001A0F0C7E9',
      UserType: 0,
      Version: 1,
      Workload: 'Exchange',
      OrganizationId: '6f0c2b1e-4a8d-4a51-9a53-0c1a2b3c4d5e',
      ClientIPAddress: i % 2 ? '203.0.113.7' : '198.51.100.23',
      ClientInfoString: 'Client=OWA;Action=ViaProxy',
      MailboxOwnerUPN: user,
      ResultStatus: 'Succeeded',
      SessionId: `5f0c1d2e-3a4b-4c5d-8e9f-${hex(seed, 12)}`,
    };
    if (i % 5 === 4)
      out.push({
        ...common,
        RecordType: 2,
        Operation: 'Send',
        Item: { Id: `item-${i}`, InternetMessageId: `<m${i}@contoso.example>`, Subject: `Invoice ${i}` },
      });
    else
      out.push({
        ...common,
        RecordType: 50,
        Operation: 'MailItemsAccessed',
        OperationProperties: [{ Name: 'MailAccessType', Value: 'Bind' }],
        Folders: [
          {
            Path: '\\Inbox',
            FolderItems: [{ InternetMessageId: `<r${seed}-${i}@contoso.example>`, SizeInBytes: 1200 }],
          },
        ],
        OperationCount: 1,
      });
  }
  return out;
}

/** `count` sign-ins of `user`, every `stepMs` from `startMs` (beta shape). */
export function signIns(
  user: string,
  count: number,
  seed: number,
  startMs = Date.parse(AUDIT_START),
  stepMs = Math.floor((Date.parse(AUDIT_END) - Date.parse(AUDIT_START)) / count),
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${hex(seed, 8)}-aaaa-4bbb-8ccc-${hex(i, 12)}`,
    createdDateTime: new Date(startMs + i * stepMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    userDisplayName: user.split('@')[0],
    userPrincipalName: user,
    userId: `00000000-0000-4000-8000-${hex(seed, 12)}`,
    appId: '00000002-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 Exchange Online',
    ipAddress: i % 3 ? '203.0.113.7' : '198.51.100.23',
    clientAppUsed: 'Browser',
    correlationId: `c0000000-0000-4000-8000-${hex(i, 12)}`,
    isInteractive: true,
    status: { errorCode: 0, failureReason: null, additionalDetails: null },
    location: { city: 'Lagos', state: 'Lagos', countryOrRegion: 'NG' },
    sessionId: `5f0c1d2e-3a4b-4c5d-8e9f-${hex(seed, 12)}`,
    uniqueTokenIdentifier: `URB3vEvKUUuClWlF${hex(i, 6)}`,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  }));
}
