/**
 * `GET /auditLogs/signIns` of the emulator over loopback: newest first, exact paging with
 * `$top` and `$skiptoken`, the createdDateTime/userPrincipalName filters and the 400s for the
 * rest, v1.0 versus beta properties, and the session link of ual-formats.md §4.2: the
 * intruder's sign-ins carry the sessionId and uniqueTokenIdentifier its audit records carry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioTruth, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const truth = scenarioTruth({ seed: 1, scale: 1 });
const audit = truth.audit!;

type SignIn = Record<string, unknown> & { id: string; createdDateTime: string };

async function all(url: string): Promise<{ items: SignIn[]; pages: number }> {
  const items: SignIn[] = [];
  let pages = 0;
  let next: string | undefined = url;
  while (next) {
    const r = await graphCall(next);
    assert.equal(r.status, 200, r.text);
    pages++;
    items.push(...r.json.value);
    next = r.json['@odata.nextLink'];
  }
  return { items, pages };
}

describe('sign-ins on the scenario', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ token: GTOKEN, scenario: { seed: 1, scale: 1 } });
  });
  after(() => emu.close());

  test('newest first; small pages concatenate to the default page exactly', async () => {
    const whole = await all(`${emu.url}/v1.0/auditLogs/signIns`);
    // Without an event-type filter: the interactive sign-ins (the token refreshes are the rest).
    assert.ok(whole.items.length > 0 && whole.items.length < emu.graph.signIns);
    assert.ok(whole.items.every((s) => s.isInteractive === true));
    assert.equal(whole.pages, 1);
    const paged = await all(`${emu.url}/v1.0/auditLogs/signIns?$top=53`);
    assert.ok(paged.pages > 10);
    assert.deepEqual(
      paged.items.map((s) => s.id),
      whole.items.map((s) => s.id),
    );
    const times = whole.items.map((s) => s.createdDateTime);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  test('filters on createdDateTime bounds and userPrincipalName, joined by and', async () => {
    const filter = `createdDateTime ge 2018-06-12T14:00:00Z and createdDateTime lt 2018-06-13T03:00:00Z and userPrincipalName eq '${truth.victim.toUpperCase()}'`;
    const { items } = await all(
      `${emu.url}/beta/auditLogs/signIns?$top=2&$filter=${encodeURIComponent(filter)}`,
    );
    assert.ok(items.length >= audit.attackerSignInIds.length);
    for (const s of items) {
      assert.ok(s.createdDateTime >= '2018-06-12T14:00:00Z' && s.createdDateTime < '2018-06-13T03:00:00Z');
      assert.equal(s.userPrincipalName, truth.victim);
    }
    const ids = new Set(items.map((s) => s.id));
    for (const id of audit.attackerSignInIds) assert.ok(ids.has(id), id);
    const gt = await all(
      `${emu.url}/v1.0/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime gt ${items[0]!.createdDateTime}`)}`,
    );
    assert.ok(gt.items.every((s) => s.createdDateTime > items[0]!.createdDateTime));
    const nobody = await all(
      `${emu.url}/v1.0/auditLogs/signIns?$filter=${encodeURIComponent("userPrincipalName eq 'nobody@contoso.example'")}`,
    );
    assert.equal(nobody.items.length, 0);
  });

  test('unsupported filters and options are Graph 400s', async () => {
    const bad: [string, RegExp][] = [
      ["$filter=appDisplayName eq 'x'", /property 'appDisplayName'/],
      ["$filter=userPrincipalName eq 'a' or userPrincipalName eq 'b'", /'or'/],
      ['$filter=createdDateTime ge yesterday', /not a DateTimeOffset/],
      ["$filter=startsWith(userPrincipalName,'a')", /startsWith|unexpected character/],
      ['$top=1001', /\$top/],
      ['$top=0', /\$top/],
      ['$orderby=createdDateTime', /\$orderby/],
      ['$skiptoken=bm9wZQ', /skiptoken/],
    ];
    for (const [query, pattern] of bad) {
      const r = await graphCall(`${emu.url}/v1.0/auditLogs/signIns?${query.replace(/ /g, '%20')}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.json.error.code, 'BadRequest');
      assert.match(r.json.error.message, pattern, query);
    }
  });

  test('beta carries sessionId, uniqueTokenIdentifier and userAgent; v1.0 does not', async () => {
    const v1 = (await graphCall(`${emu.url}/v1.0/auditLogs/signIns?$top=5`)).json.value as SignIn[];
    const beta = (await graphCall(`${emu.url}/beta/auditLogs/signIns?$top=5`)).json.value as SignIn[];
    assert.deepEqual(
      v1.map((s) => s.id),
      beta.map((s) => s.id),
    );
    for (const s of v1)
      for (const k of ['sessionId', 'uniqueTokenIdentifier', 'userAgent']) assert.equal(k in s, false, k);
    for (const s of beta) {
      assert.match(String(s.sessionId), /^[0-9a-f-]{36}$/);
      assert.match(String(s.uniqueTokenIdentifier), /^[A-Za-z0-9_-]{22}$/);
      assert.ok(typeof s.userAgent === 'string');
    }
  });

  test("the intruder's sign-ins link to their audit records by sessionId and token", async () => {
    const { items } = await all(
      `${emu.url}/beta/auditLogs/signIns?$filter=${encodeURIComponent('createdDateTime ge 2018-06-12T00:00:00Z and createdDateTime le 2018-06-14T00:00:00Z')}`,
    );
    const mine = items.filter((s) => audit.attackerSignInIds.includes(s.id));
    assert.equal(mine.length, audit.attackerSignInIds.length);
    const failed = mine.filter((s) => (s.status as { errorCode: number }).errorCode !== 0);
    assert.deepEqual(
      failed.map((s) => s.id),
      audit.failedSignInIds,
    );
    assert.deepEqual(new Set(mine.map((s) => s.ipAddress)), new Set(truth.attacker.ips));
    const { records } = await runQuery(emu.url, {
      filterStartDateTime: '2018-06-12T00:00:00Z',
      filterEndDateTime: '2018-06-14T00:00:00Z',
      ipAddressFilters: truth.attacker.ips,
    });
    for (const s of mine.filter((x) => (x.status as { errorCode: number }).errorCode === 0)) {
      assert.ok(audit.attackerUniqueTokenIds.includes(String(s.uniqueTokenIdentifier)));
      const linked = records
        .map((r) => r.auditData as { SessionId?: string; AppAccessContext?: { UniqueTokenId?: string } })
        .filter((d) => d.SessionId === s.sessionId);
      assert.ok(linked.length > 0, `no audit record of session ${String(s.sessionId)}`);
      assert.ok(linked.some((d) => d.AppAccessContext?.UniqueTokenId === s.uniqueTokenIdentifier));
    }
    const owner = items.filter((s) => !audit.attackerSignInIds.includes(s.id));
    assert.ok(owner.length > 0 && owner.every((s) => !truth.attacker.ips.includes(String(s.ipAddress))));
  });
});
