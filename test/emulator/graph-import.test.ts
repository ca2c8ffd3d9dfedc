/**
 * The emulator's Graph pages are importable by mailtrail's own readers: records pages saved as a
 * retriever saves them are detected as Graph audit query pages and sign-in pages by
 * sources/audit, and normalize without errors into the events an investigator needs — the
 * intruder's searches, reads, sends, deletes, inbox rule, forwarding, consent and failed logon,
 * all on one Entra session that the sign-ins share.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MailboxEvent } from '../../src/model/event.js';
import type { Issue } from '../../src/model/issue.js';
import {
  ADAPTER_OF_AUDIT_FORMAT,
  normalizeAuditRecord,
  readAuditFile,
} from '../../src/sources/audit/index.js';
import { scenarioTruth, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const truth = scenarioTruth({ seed: 1, scale: 1 });
const audit = truth.audit!;
const dir = mkdtempSync(join(tmpdir(), 'mailtrail-graph-import-'));

async function importFile(
  path: string,
): Promise<{ format: string; events: MailboxEvent[]; issues: Issue[] }> {
  const events: MailboxEvent[] = [];
  const issues: Issue[] = [];
  let format = '';
  for await (const item of readAuditFile(path, undefined, { displayName: path })) {
    if (item.type === 'issue') {
      issues.push(item.issue);
      continue;
    }
    format = item.record.format;
    const n = normalizeAuditRecord(item.record, { adapter: ADAPTER_OF_AUDIT_FORMAT[item.record.format] });
    events.push(...n.events);
    issues.push(...n.issues);
  }
  return { format, events, issues };
}

describe('served pages through the audit readers', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ token: GTOKEN, scenario: { seed: 1, scale: 1 } });
  });
  after(() => emu.close());

  test('audit query pages import as ual-graph-json and tell the intrusion', async () => {
    const { pages } = await runQuery(
      emu.url,
      {
        filterStartDateTime: '2018-06-12T00:00:00Z',
        filterEndDateTime: '2018-06-14T00:00:00Z',
        userPrincipalNameFilters: [truth.victim],
      },
      { top: 100 },
    );
    assert.ok(pages.length > 1);
    const events: MailboxEvent[] = [];
    pages.forEach((page, i) => writeFileSync(join(dir, `records-${i}.json`), JSON.stringify(page)));
    for (let i = 0; i < pages.length; i++) {
      const r = await importFile(join(dir, `records-${i}.json`));
      assert.equal(r.format, 'ual-graph-json');
      const serious = r.issues.filter(
        (x) => x.severity !== 'info' && !(x.code === 'ual.graph.more_pages' && i < pages.length - 1),
      );
      assert.deepEqual(serious, []);
      events.push(...r.events);
    }
    const attacker = events.filter((e) => e.ip !== null && truth.attacker.ips.includes(e.ip));
    assert.ok(attacker.every((e) => e.mailbox === truth.victim));
    const of = (kind: string) => attacker.filter((e) => e.kind === kind);
    assert.deepEqual(
      of('search.query').map((e) => e.text),
      truth.attacker.searchTerms,
    );
    assert.deepEqual(
      [...new Set(of('mail.read').map((e) => e.item?.internetMessageId))],
      truth.attacker.readInternetMessageIds,
    );
    assert.deepEqual(
      of('mail.send').map((e) => e.item?.internetMessageId),
      truth.attacker.sentInternetMessageIds,
    );
    assert.deepEqual(
      [...new Set(of('mail.delete').map((e) => e.item?.internetMessageId))].sort(),
      [...truth.attacker.deletedInternetMessageIds].sort(),
    );
    assert.deepEqual(
      of('rule.change').map((e) => e.text),
      [audit.inboxRule.name],
    );
    assert.deepEqual(
      of('mailbox.config').map((e) => e.text),
      [audit.mailboxForwarding.forwardingSmtpAddress],
    );
    assert.deepEqual(
      of('app.consent').map((e) => e.text),
      [audit.consentedApp.displayName],
    );
    assert.equal(of('auth.logon_failed').length, 1);
    const web = attacker.filter((e) => e.session.sessionId === audit.webSessionId);
    assert.ok(web.length > 10);
    assert.ok(
      web
        .filter(
          (e) =>
            e.kind !== 'auth.logon_failed' &&
            e.kind !== 'auth.logon' &&
            e.kind !== 'rule.change' &&
            e.kind !== 'mailbox.config',
        )
        .every((e) => e.session.aadSessionId === audit.webSessionId && e.session.uniqueTokenId !== undefined),
    );
    const owner = events.filter((e) => e.ip !== null && !truth.attacker.ips.includes(e.ip));
    assert.ok(owner.some((e) => e.kind === 'mail.folder_sync') && owner.some((e) => e.kind === 'auth.logon'));
    assert.ok(owner.every((e) => !audit.attackerSessionIds.includes(e.session.sessionId ?? '')));
  });

  test('sign-in pages import as entra-signin-json with the session keys the audit records carry', async () => {
    const filter = encodeURIComponent(
      'createdDateTime ge 2018-06-12T00:00:00Z and createdDateTime lt 2018-06-14T00:00:00Z',
    );
    const page = await graphCall(`${emu.url}/beta/auditLogs/signIns?$filter=${filter}`);
    const path = join(dir, 'signins.json');
    writeFileSync(path, page.text);
    const r = await importFile(path);
    assert.equal(r.format, 'entra-signin-json');
    assert.deepEqual(
      r.issues.filter((x) => x.severity === 'error'),
      [],
    );
    const attacker = r.events.filter((e) => audit.attackerSessionIds.includes(e.session.sessionId ?? ''));
    assert.equal(attacker.length, audit.attackerSignInIds.length);
    assert.deepEqual(attacker.filter((e) => e.kind === 'auth.logon_failed').length, 1);
    const tokens = attacker.filter((e) => e.kind === 'auth.logon').map((e) => e.session.uniqueTokenId);
    assert.deepEqual(new Set(tokens), new Set(audit.attackerUniqueTokenIds));
    assert.ok(attacker.every((e) => e.ip !== null && truth.attacker.ips.includes(e.ip)));
  });
});
