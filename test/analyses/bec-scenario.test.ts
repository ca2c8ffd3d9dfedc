/**
 * On the emulator's BEC scenario, the suspect sessions and the exposure match the ground truth:
 * the attacker's IPs and sessions are flagged, the owner's are not, the attacker's searches,
 * reads and forwards are in the exposure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenario } from '../../src/emulator/index.js';
import { investigate } from '../../src/analyses/investigate.js';
import { enrichIps } from '../../src/case/enrich/geoip.js';
import { createIndexPass } from '../../src/analyses/investigate.js';
import type { MailboxEvent } from '../../src/model/event.js';
import { sha256Hex } from '../../src/model/ids.js';
import { customPropertyMap } from '../../src/sources/activities-api/activity.js';
import { normalizeActivity } from '../../src/sources/activities-api/normalize.js';

test('BEC scenario: attacker sessions flagged, owner not, exposure = ground truth', async () => {
  const { dataset, truth } = generateScenario({ seed: 7, scale: 0.2 });
  const events: MailboxEvent[] = [];
  for (const [mailbox, activities] of Object.entries(dataset.mailboxes)) {
    for (const a of activities) {
      const { event } = normalizeActivity(
        {
          TimeStamp: a.TimeStamp,
          AppIdType: a.AppIdType,
          ActivityIdType: a.ActivityIdType,
          ActivityItemId: a.ActivityItemId,
          ActivityCreationTime: a.ActivityCreationTime,
          ClientSessionId: a.ClientSessionId,
          properties: customPropertyMap(a.CustomProperties),
        },
        { mailbox, adapter: 'emulator', locator: {}, rawSha256: sha256Hex(a.Id ?? ''), raw: null },
      );
      if (event) events.push(event);
    }
  }
  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
  const p1 = createIndexPass();
  for (const e of events) p1.add(e);
  const geo = await enrichIps(p1.result().ips);
  const inv = investigate(events, {}, geo.lookup);

  const suspects = inv.sessions.filter((s) => s.suspect);
  const attackerIps = new Set(truth.attacker.ips);
  // Every truth session of the intruder is suspect.
  for (const id of truth.attacker.clientSessionIds)
    assert.ok(
      suspects.some((s) => s.sessionId === id),
      `attacker session ${id} not flagged`,
    );
  // No owner session is suspect: every suspect session carries an attacker IP.
  for (const s of suspects)
    assert.ok(s.ip !== null && attackerIps.has(s.ip), `owner session ${s.sessionId} (${s.ip}) flagged`);
  assert.ok(
    inv.sessions.some((s) => !s.suspect && s.mailbox === truth.victim),
    'owner sessions exist',
  );

  const x = inv.exposure!;
  assert.equal(x.basis, 'findings');
  assert.deepEqual(new Set(x.suspectIps), attackerIps);
  const queries = x.searches.filter((s) => s.submitted).map((s) => s.query);
  assert.deepEqual(queries, [...truth.attacker.searchTerms]);
  // Reads: everything resolvable is a message the intruder read; moved items without a record of
  // their old id stay explicitly unresolved.
  const readIds = new Set(x.reads.map((r) => r.internetMessageId).filter((m) => m !== null));
  for (const m of readIds)
    assert.ok(truth.attacker.readInternetMessageIds.includes(m!), `unexpected read ${m}`);
  const unresolved = x.reads.filter((r) => r.internetMessageId === null);
  assert.ok(unresolved.every((r) => r.resolution === 'none' && r.resolutionNote !== null));
  assert.ok(readIds.size >= truth.attacker.readInternetMessageIds.length - 1);
  // The forward, the reply and the deletion of both sent copies are in the exposure.
  assert.ok(x.actions.some((a) => a.activity === 'Forward'));
  assert.ok(x.actions.some((a) => a.activity === 'Reply'));
  const deletedSent = inv.findings.findings.filter((f) => f.rule === 'deleted-sent-items');
  assert.equal(deletedSent.length, truth.attacker.deletedInternetMessageIds.length);
  const legacy = inv.findings.findings.filter((f) => f.rule === 'legacy-protocol-logon');
  assert.equal(legacy.length, truth.attacker.legacyLogons.length);
});
