/**
 * The BEC scenario: deterministic by seed, realistic volume, the messy values of the checklist,
 * and the intrusion its ground truth describes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Activity } from '../../src/sources/activities-api/activity.js';
import { customPropertyMap } from '../../src/sources/activities-api/activity.js';
import { generateScenario, generateScenarioChunks, writeDataset } from '../../src/emulator/index.js';
import { datasetProblems } from '../../src/emulator/dataset/validate-activity.js';

async function digestOf(seed: number, scale: number): Promise<string> {
  const hash = createHash('sha256');
  const sink = new Writable({
    write(chunk, _enc, done) {
      hash.update(chunk);
      done();
    },
  });
  await writeDataset(sink, generateScenarioChunks({ seed, scale }));
  return hash.digest('hex');
}

test('same seed: byte-identical data; another seed: different data', async () => {
  const a = await digestOf(11, 0.1);
  assert.equal(await digestOf(11, 0.1), a);
  assert.notEqual(await digestOf(12, 0.1), a);
});

describe('scale 1, seed 1', () => {
  const { dataset, truth } = generateScenario({ seed: 1, scale: 1 });
  const victim = dataset.mailboxes[truth.victim] as Activity[];
  const props = (a: Activity) => customPropertyMap(a.CustomProperties);
  const inSession = (ids: readonly string[]) => victim.filter((a) => ids.includes(a.ClientSessionId));

  test('volume and shape', () => {
    assert.deepEqual(Object.keys(dataset.mailboxes), truth.mailboxes);
    assert.ok(victim.length >= 20_000 && victim.length <= 50_000, `victim has ${victim.length}`);
    for (const a of victim.slice(0, 5000)) assert.deepEqual(datasetProblems(a), []);
    const days = new Set(victim.map((a) => a.TimeStamp.slice(0, 10)));
    assert.ok(days.size > 170, 'months of activity');
    const weekday = victim.filter((a) => a.TimeStamp.startsWith('2018-03-07')).length;
    const sunday = victim.filter((a) => a.TimeStamp.startsWith('2018-03-11')).length;
    assert.ok(sunday * 3 < weekday, `weekends are quieter (${sunday} vs ${weekday})`);
  });

  test('messy values of checklist §8.10', () => {
    const subjects = victim
      .filter((a) => a.ActivityIdType === 'MessageDelivered')
      .map((a) => String(props(a).Subject));
    for (const needle of ["'", '"', ',', ';', '\t', '\n', 'Ü', '📎'])
      assert.ok(
        subjects.some((s) => s.includes(needle)),
        `a subject with ${JSON.stringify(needle)}`,
      );
    assert.ok(
      victim.some((a) => a.CustomProperties.length === 0),
      'empty CustomProperties',
    );
    assert.ok(
      victim.filter((a) => a.ActivityIdType === 'ServerLogon').every((a) => a.ActivityItemId === null),
      'null item ids on logons',
    );
    const groups = new Map<string, Activity[]>();
    for (const a of victim.filter((x) => x.ActivityIdType === 'Delete')) {
      const key = `${a.TimeStamp}|${a.ClientSessionId}`;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    assert.ok(
      [...groups.values()].some(
        (g) => g.length >= 3 && new Set(g.map((a) => a.ActivityItemId)).size === g.length,
      ),
      'multi-item rows',
    );
    const moved = victim.filter((a) => a.ActivityIdType === 'Move' && props(a).MoveType === 'Move');
    assert.ok(moved.length > 0);
    const laterIds = new Set(
      victim.filter((a) => a.ActivityIdType === 'ReplyAll').map((a) => a.ActivityItemId),
    );
    assert.ok(
      moved.some((m) => laterIds.has(m.ActivityItemId)),
      'a reply after a move uses the new item id',
    );
    assert.ok(victim.some((a) => a.AppIdType === 'Mobile' && a.ActivityIdType === 'MarkAsRead'));
  });

  test('the intrusion of the ground truth is in the data', () => {
    const attacker = inSession(truth.attacker.clientSessionIds);
    const logon = attacker.find((a) => a.ActivityIdType === 'ServerLogon' && a.AppIdType === 'Web')!;
    assert.equal(props(logon).ClientIP, truth.attacker.webIp);
    assert.equal(props(logon).UserAgent, truth.attacker.userAgent);
    const owa = attacker.find((a) => a.ActivityIdType === 'Logon')!;
    assert.equal(props(owa).IPAddress, truth.attacker.webIp);
    assert.notEqual(owa.ClientSessionId, logon.ClientSessionId);
    for (const term of truth.attacker.searchTerms) {
      const keys = attacker.filter(
        (a) =>
          a.ActivityIdType === 'SearchSuggestionsDisplay' &&
          term.startsWith(String(props(a).SuggestionStimulus)),
      );
      assert.ok(keys.length >= term.length, `keystrokes for ${term}`);
      assert.ok(attacker.some((a) => a.ActivityIdType === 'SearchResult' && props(a).Query === term));
    }
    const delivered = new Set(
      victim.filter((a) => a.ActivityIdType === 'MessageDelivered').map((a) => props(a).InternetMessageId),
    );
    for (const id of truth.attacker.readInternetMessageIds) assert.ok(delivered.has(id), `delivered ${id}`);
    assert.ok(attacker.filter((a) => a.ActivityIdType === 'ReadingPaneDisplayStart').length >= 4);
    assert.equal(
      attacker.filter((a) => a.ActivityIdType === 'OpenedAnAttachment').length,
      truth.attacker.attachmentInternetMessageIds.length,
    );
    assert.ok(
      attacker.some((a) => a.ActivityIdType === 'Forward') &&
        attacker.some((a) => a.ActivityIdType === 'Reply'),
    );
    const sent = victim.filter(
      (a) =>
        a.ActivityIdType === 'MessageSent' &&
        truth.attacker.sentInternetMessageIds.includes(String(props(a).InternetMessageId)),
    );
    assert.equal(sent.length, 2);
    for (const s of sent) {
      const del = attacker.find(
        (a) => a.ActivityIdType === 'Delete' && a.ActivityItemId === s.ActivityItemId,
      )!;
      assert.equal(props(del).SourceDefaultFolderType, 'SentItems');
    }
    assert.equal(
      attacker.filter(
        (a) =>
          a.ActivityIdType === 'Move' &&
          props(a).SourceFolder === 'SentItems' &&
          props(a).TargetFolder === 'DeletedItems',
      ).length,
      2,
    );
    const legacy = attacker.filter((a) => a.AppIdType === 'IMAP4');
    assert.equal(legacy.length, truth.attacker.legacyLogons.length);
    assert.ok(legacy.every((a) => props(a).ClientIP === truth.attacker.legacyIp));
    // The owner keeps working from Outlook in the office on the same day, around the intrusion.
    const day = truth.attacker.window.start.slice(0, 10);
    const owner = victim.filter(
      (a) =>
        a.TimeStamp.startsWith(day) &&
        a.AppIdType === 'Outlook' &&
        !truth.attacker.clientSessionIds.includes(a.ClientSessionId),
    );
    assert.ok(
      owner.some((a) => a.TimeStamp < truth.attacker.window.start) &&
        owner.some((a) => a.TimeStamp > truth.attacker.window.end),
    );
    const ownerIps = new Set(
      victim
        .filter(
          (a) =>
            a.ActivityIdType === 'ServerLogon' &&
            !truth.attacker.clientSessionIds.includes(a.ClientSessionId),
        )
        .map((a) => props(a).ClientIP),
    );
    assert.ok(!truth.attacker.ips.some((ip) => ownerIps.has(ip)), 'attacker IPs are new');
    const phish = victim.find(
      (a) => a.ActivityIdType === 'LinkClicked' && a.TimeStamp === truth.phishing.linkClickedAt,
    );
    assert.ok(phish);
  });
});
