/**
 * `mailtrail preflight` end to end over loopback against the emulator: a healthy tenant, ingestion
 * off, an audit bypass, SearchQueryInitiated off and on, Standard vs Premium retention around an
 * incident start, and credentials without the Exchange role.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerToken } from '../../src/sources/_http/credentials.js';
import {
  COLLEAGUE,
  FULL_APP,
  NO_EXCHANGE_APP,
  VICTIM,
  appToken,
  daysAgo,
  preflight,
  row,
  startTenant,
} from './_helpers.js';

test('a healthy tenant: auditing on, Microsoft defaults, searches not audited', async () => {
  const emu = await startTenant();
  try {
    const r = await preflight(emu);
    assert.equal(row(r, 'ual.ingestion').available, 'yes');
    assert.equal(row(r, 'org.mailbox-auditing').available, 'yes');
    assert.equal(row(r, 'admin.auditing').available, 'yes');
    assert.equal(row(r, 'retention.custom-policies').available, 'unknown');
    assert.equal(row(r, 'signins.available').available, 'yes', row(r, 'signins.available').why);
    assert.equal(row(r, 'ual.query-api').available, 'yes', row(r, 'ual.query-api').why);
    assert.equal(row(r, 'mailbox.auditing', VICTIM).available, 'yes');
    assert.equal(row(r, 'mailbox.bypass', VICTIM).available, 'yes');
    assert.equal(row(r, 'mailbox.operation.MailItemsAccessed', VICTIM).available, 'yes');
    const search = row(r, 'mailbox.operation.SearchQueryInitiatedExchange', VICTIM);
    assert.equal(search.available, 'no');
    assert.match(search.why, /SearchQueryInitiated is not in AuditOwner/);
    assert.match(
      search.why,
      /Set-Mailbox -Identity ap\.clerk@contoso\.example -AuditOwner @\{Add="SearchQueryInitiated"\}/,
    );
    assert.equal(row(r, 'mailbox.operation.MailboxLogin', VICTIM).available, 'no');
    // Send is owner+admin by default; SendAs is delegate+admin.
    assert.equal(row(r, 'mailbox.operation.Send', VICTIM).available, 'yes');
    assert.equal(row(r, 'mailbox.operation.New-InboxRule', VICTIM).available, 'yes');
    const ret = row(r, 'mailbox.retention', VICTIM);
    assert.equal(ret.available, 'yes');
    assert.match(ret.answer, /^180 days/);
    assert.equal(r.tenant.id, '4f6b1c2d-8e9a-4b7c-9d0e-1a2b3c4d5e6f');
    assert.ok(
      r.probes.every((p) => p.outcome === 'answered'),
      JSON.stringify(r.probes.filter((p) => p.outcome !== 'answered')),
    );
    // Every row names its evidence; only the unreadable one rests on no probe.
    for (const x of r.rows) {
      assert.ok(x.evidence.length > 0, x.id);
      if (x.id !== 'retention.custom-policies') assert.ok(x.probes.length > 0, x.id);
    }
  } finally {
    await emu.close();
  }
});

test('ingestion off: nothing is recorded, and the rows say why', async () => {
  const emu = await startTenant({ unifiedAuditLogIngestionEnabled: false });
  try {
    const r = await preflight(emu);
    assert.equal(row(r, 'ual.ingestion').available, 'no');
    assert.match(row(r, 'ual.ingestion').why, /anti-forensic/);
    assert.equal(row(r, 'admin.auditing').available, 'no');
    assert.equal(row(r, 'mailbox.auditing', VICTIM).available, 'no');
    const mia = row(r, 'mailbox.operation.MailItemsAccessed', VICTIM);
    assert.equal(mia.available, 'no');
    assert.match(mia.why, /not ingesting/);
  } finally {
    await emu.close();
  }
});

test('an audit bypass on the victim hides its actions; the colleague is unaffected', async () => {
  const emu = await startTenant({ mailboxes: { [VICTIM]: { auditBypass: true } } });
  try {
    const r = await preflight(emu);
    assert.equal(row(r, 'mailbox.bypass', VICTIM).available, 'no');
    assert.equal(row(r, 'mailbox.bypass', VICTIM).answer, 'BYPASS ON');
    assert.equal(row(r, 'mailbox.auditing', VICTIM).available, 'no');
    assert.match(row(r, 'mailbox.operation.MailItemsAccessed', VICTIM).why, /audit bypass/);
    assert.equal(row(r, 'mailbox.bypass', COLLEAGUE).available, 'yes');
    assert.equal(row(r, 'mailbox.operation.MailItemsAccessed', COLLEAGUE).available, 'yes');
  } finally {
    await emu.close();
  }
});

test('organization AuditDisabled and a customized owner set', async () => {
  const emu = await startTenant({
    auditDisabled: false,
    mailboxes: {
      [VICTIM]: { auditOwner: ['MailItemsAccessed', 'SearchQueryInitiated', 'MailboxLogin', 'Send'] },
      [COLLEAGUE]: { auditOwner: ['Update'] },
    },
  });
  try {
    const r = await preflight(emu);
    assert.equal(row(r, 'mailbox.operation.SearchQueryInitiatedExchange', VICTIM).available, 'yes');
    assert.equal(row(r, 'mailbox.operation.MailboxLogin', VICTIM).available, 'yes');
    assert.match(row(r, 'mailbox.auditing', VICTIM).why, /Admin, Delegate/);
    // Owner no longer audits MailItemsAccessed for the colleague: partial, and the row says owner.
    const mia = row(r, 'mailbox.operation.MailItemsAccessed', COLLEAGUE);
    assert.equal(mia.available, 'partial');
    assert.match(mia.answer, /owner no, delegate yes, admin yes/);
    assert.match(mia.why, /NOT audited for the owner/);
  } finally {
    await emu.close();
  }
  const off = await startTenant({ auditDisabled: true });
  try {
    const r = await preflight(off);
    assert.equal(row(r, 'org.mailbox-auditing').available, 'no');
    assert.equal(row(r, 'mailbox.operation.Send', VICTIM).available, 'no');
    // Admin cmdlets are recorded by the admin audit log regardless.
    assert.equal(row(r, 'mailbox.operation.Set-Mailbox', VICTIM).available, 'yes');
  } finally {
    await off.close();
  }
});

test('Standard vs Premium retention around an incident start 200 days ago', async () => {
  const emu = await startTenant({
    mailboxes: {
      [VICTIM]: { licences: ['SPE_E5'] },
      [COLLEAGUE]: { licences: ['SPE_E5'], disabledPlans: ['M365_ADVANCED_AUDITING'] },
    },
  });
  try {
    const start = daysAgo(200);
    const r = await preflight(emu, { start });
    assert.match(row(r, 'mailbox.retention', VICTIM).answer, /^365 days/);
    assert.equal(row(r, 'mailbox.start', VICTIM).available, 'yes');
    assert.match(row(r, 'mailbox.start', VICTIM).answer, /^yes, 16[45] day/);
    // Premium assigned but disabled: Standard retention, and the row flags it.
    assert.match(row(r, 'mailbox.retention', COLLEAGUE).answer, /^180 days/);
    assert.match(row(r, 'mailbox.retention', COLLEAGUE).why, /DISABLED/);
    assert.equal(row(r, 'mailbox.start', COLLEAGUE).available, 'no');
    assert.match(row(r, 'mailbox.start', COLLEAGUE).answer, /^no, (19|20|21) day/);
    assert.equal(row(r, 'signins.start').available, 'no');
    const recent = await preflight(emu, { start: daysAgo(10) });
    assert.equal(row(recent, 'signins.start').available, 'yes');
    assert.equal(row(recent, 'mailbox.start', COLLEAGUE).available, 'yes');
  } finally {
    await emu.close();
  }
});

test('credentials without the Exchange role: unknown rows that name the permission, no crash', async () => {
  const emu = await startTenant();
  try {
    const graph = await appToken(emu, NO_EXCHANGE_APP, 'https://graph.microsoft.com');
    const exchange = await appToken(emu, NO_EXCHANGE_APP, 'https://outlook.office365.com');
    const r = await preflight(emu, {
      credentials: { graph: bearerToken(graph, 'test'), exchange: bearerToken(exchange, 'test') },
    });
    const ing = row(r, 'ual.ingestion');
    assert.equal(ing.available, 'unknown');
    assert.match(ing.why, /answered 403/);
    assert.match(ing.why, /Exchange\.ManageAsApp/);
    assert.equal(row(r, 'mailbox.operation.MailItemsAccessed', VICTIM).available, 'unknown');
    assert.equal(row(r, 'mailbox.retention', VICTIM).available, 'yes');
    const cred = row(r, 'credentials.exchange');
    assert.equal(cred.available, 'no');
    assert.match(cred.why, /Neither Exchange\.ManageAsApp/);
    assert.match(row(r, 'credentials.graph').answer, /AuditLogsQuery\.Read\.All/);
    assert.equal(row(r, 'credentials.graph').available, 'yes');

    // The full app reads everything; a Graph token sent to Exchange is refused for its audience.
    const ok = await preflight(emu, {
      credentials: {
        graph: bearerToken(await appToken(emu, FULL_APP, 'https://graph.microsoft.com'), 'test'),
        exchange: bearerToken(await appToken(emu, FULL_APP, 'https://outlook.office365.com'), 'test'),
      },
    });
    assert.equal(row(ok, 'ual.ingestion').available, 'yes');
    assert.match(row(ok, 'credentials.exchange').why, /Exchange\.ManageAsApp is granted/);
    const wrong = await preflight(emu, {
      credentials: { graph: bearerToken(graph, 'test'), exchange: bearerToken(graph, 'test') },
    });
    assert.equal(row(wrong, 'credentials.exchange').available, 'no');
    assert.match(row(wrong, 'credentials.exchange').answer, /token for https:\/\/graph\.microsoft\.com/);
    assert.equal(row(wrong, 'ual.ingestion').available, 'unknown');
  } finally {
    await emu.close();
  }
});

test('a mailbox that does not exist, and a tenant read from the token', async () => {
  const emu = await startTenant();
  try {
    const graph = await appToken(emu, FULL_APP, 'https://graph.microsoft.com');
    const exchange = await appToken(emu, FULL_APP, 'https://outlook.office365.com');
    const r = await preflight(
      emu,
      {
        users: ['nobody@contoso.example'],
        credentials: { graph: bearerToken(graph, 'test'), exchange: bearerToken(exchange, 'test') },
      },
      { omitTenant: true },
    );
    assert.equal(r.tenant.source, 'the Exchange token (tid)');
    assert.equal(row(r, 'mailbox.auditing', 'nobody@contoso.example').answer, 'no mailbox');
    assert.equal(row(r, 'mailbox.retention', 'nobody@contoso.example').available, 'unknown');
  } finally {
    await emu.close();
  }
});
