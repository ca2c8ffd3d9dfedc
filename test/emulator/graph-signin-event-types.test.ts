/**
 * Sign-in event types on the emulator's `GET /auditLogs/signIns` over loopback: interactive
 * sign-ins only without a filter (as the service does), `signInEventTypes/any(…)` alone and with
 * the time and user clauses, 400s with Graph's error body for what it cannot parse (and on
 * v1.0), and the scenario's token refreshes: the intruder's non-interactive sign-ins keep the
 * session id of the session they refresh and the token id its audit records carry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioTruth, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Rng } from '../../src/emulator/prng.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const truth = scenarioTruth({ seed: 1, scale: 1 });
const audit = truth.audit!;
const DAY = 'createdDateTime ge 2018-06-12T00:00:00Z and createdDateTime lt 2018-06-14T00:00:00Z';
const ANY_NON = "signInEventTypes/any(t: t eq 'nonInteractiveUser')";
const ALL_TYPES =
  "signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser' or t eq 'servicePrincipal' or t eq 'managedIdentity')";

type SignIn = Record<string, unknown> & { id: string; createdDateTime: string };

async function all(base: string, version: string, filter?: string): Promise<SignIn[]> {
  const items: SignIn[] = [];
  let next: string | undefined =
    `${base}/${version}/auditLogs/signIns?$top=1000` +
    (filter === undefined ? '' : `&$filter=${encodeURIComponent(filter)}`);
  while (next) {
    const r = await graphCall(next);
    assert.equal(r.status, 200, r.text);
    items.push(...(r.json.value as SignIn[]));
    next = r.json['@odata.nextLink'];
  }
  return items;
}

describe('sign-in event types on the scenario', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ token: GTOKEN, scenario: { seed: 1, scale: 1 } });
  });
  after(() => emu.close());

  test('no event-type filter: interactive sign-ins only; the lambda selects the others', async () => {
    const plain = await all(emu.url, 'beta');
    const everything = await all(emu.url, 'beta', ALL_TYPES);
    const refreshes = await all(emu.url, 'beta', ANY_NON);
    assert.equal(everything.length, emu.graph.signIns);
    assert.ok(plain.length > 0 && refreshes.length > plain.length, `${plain.length} / ${refreshes.length}`);
    assert.equal(plain.length + refreshes.length, everything.length);
    assert.ok(plain.every((s) => s.isInteractive === true));
    assert.ok(
      refreshes.every(
        (s) => s.isInteractive === false && JSON.stringify(s.signInEventTypes) === '["nonInteractiveUser"]',
      ),
    );
    const ne = await all(emu.url, 'beta', "signInEventTypes/any(t: t ne 'interactiveUser')");
    assert.deepEqual(
      ne.map((s) => s.id),
      refreshes.map((s) => s.id),
    );
    const interactive = await all(emu.url, 'beta', "(signInEventTypes/any(x: x eq 'INTERACTIVEUSER'))");
    assert.deepEqual(
      interactive.map((s) => s.id),
      plain.map((s) => s.id),
    );
    // v1.0 has no signInEventTypes: it serves interactive sign-ins, the same ones.
    const v1 = await all(emu.url, 'v1.0');
    assert.deepEqual(
      v1.map((s) => s.id),
      plain.map((s) => s.id),
    );
  });

  test('the event-type clause combines with the createdDateTime and userPrincipalName clauses', async () => {
    const filter = `${DAY} and userPrincipalName eq '${truth.victim}' and ${ANY_NON}`;
    const items = await all(emu.url, 'beta', filter);
    assert.ok(items.length > 0);
    for (const s of items) {
      assert.ok(s.createdDateTime >= '2018-06-12T00:00:00Z' && s.createdDateTime < '2018-06-14T00:00:00Z');
      assert.equal(s.userPrincipalName, truth.victim);
      assert.equal(s.isInteractive, false);
    }
    const both = await all(
      emu.url,
      'beta',
      `(${ANY_NON.replace("')", "' or t eq 'interactiveUser')")}) and ${DAY} and userPrincipalName eq '${truth.victim}'`,
    );
    const interactive = await all(emu.url, 'beta', `${DAY} and userPrincipalName eq '${truth.victim}'`);
    assert.equal(both.length, items.length + interactive.length);
  });

  test("the intruder's token refreshes keep the session and token ids of the intrusion", async () => {
    assert.ok(audit.attackerNonInteractiveSignInIds.length > 0);
    const items = await all(emu.url, 'beta', `${DAY} and ${ANY_NON}`);
    const mine = items.filter((s) => audit.attackerNonInteractiveSignInIds.includes(s.id));
    assert.equal(mine.length, audit.attackerNonInteractiveSignInIds.length);
    assert.ok(mine.every((s) => s.sessionId === audit.webSessionId && s.ipAddress === truth.attacker.webIp));
    assert.deepEqual(
      new Set(mine.map((s) => s.uniqueTokenIdentifier)),
      new Set(audit.attackerRefreshedUniqueTokenIds),
    );
    // Each refresh issued the token of its hour: a new UTI, never the sign-in's.
    const tokens = mine.map((s) => String(s.uniqueTokenIdentifier));
    assert.equal(new Set(tokens).size, tokens.length);
    assert.ok(tokens.every((t) => !audit.attackerUniqueTokenIds.includes(t)));
    // The owner's refreshes: the owner's sessions and IPs only.
    const owner = items.filter((s) => !audit.attackerNonInteractiveSignInIds.includes(s.id));
    assert.ok(owner.length > 0);
    assert.ok(owner.every((s) => !audit.attackerSessionIds.includes(String(s.sessionId))));
    assert.ok(owner.every((s) => !truth.attacker.ips.includes(String(s.ipAddress))));
    // An owner's audit record of a later hour carries the UTI of the refresh that issued it.
    const { records } = await runQuery(emu.url, {
      filterStartDateTime: '2018-06-12T00:00:00Z',
      filterEndDateTime: '2018-06-14T00:00:00Z',
      userPrincipalNameFilters: [truth.victim],
    });
    const utis = new Set(
      records.map(
        (r) =>
          (r.auditData as { AppAccessContext?: { UniqueTokenId?: string } }).AppAccessContext?.UniqueTokenId,
      ),
    );
    assert.ok(owner.some((s) => utis.has(String(s.uniqueTokenIdentifier))));
  });

  test('event-type filters it cannot parse, and any on v1.0, are Graph 400s', async () => {
    const bad: [string, string, RegExp][] = [
      ['beta', 'signInEventTypes/any(t: t eq nonInteractiveUser)', /quoted event type/],
      ['beta', "signInEventTypes/any(t: t eq 'nonInteractive')", /not a sign-in event type/],
      ['beta', "signInEventTypes/all(t: t eq 'interactiveUser')", /any/],
      ['beta', "signInEventTypes/any(t: x eq 'interactiveUser')", /range variable 't'/],
      ['beta', "signInEventTypes/any(t: t gt 'interactiveUser')", /eq and ne/],
      ['beta', "signInEventTypes/any(t t eq 'interactiveUser')", /':'/],
      ['beta', "signInEventTypes/any(t: t eq 'interactiveUser'", /'\)'/],
      ['beta', "signInEventTypes eq 'interactiveUser'", /collection/],
      ['beta', "appDisplayName/any(t: t eq 'x')", /appDisplayName/],
      ['beta', `${ANY_NON} or ${ANY_NON}`, /'or'/],
      ['beta', `${'('.repeat(40)}${ANY_NON}${')'.repeat(40)}`, /nested/],
      ['beta', "signInEventTypes/any(t: t eq 'a'", /position|not a sign-in event type/],
      ['beta', 'signInEventTypes/any(t: t eq /)', /quoted/],
      ['beta', "signInEventTypes/any(t: t eq 'interactiveUser')) and (", /\)/],
      ['beta', 'signInEventTypes/', /any/],
      ['v1.0', ANY_NON, /v1\.0 endpoint returns interactive sign-ins only/],
    ];
    for (const [version, filter, pattern] of bad) {
      const r = await graphCall(
        `${emu.url}/${version}/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`,
      );
      assert.equal(r.status, 400, `${version} ${filter}: ${r.text}`);
      assert.equal(r.json.error.code, 'BadRequest', filter);
      assert.match(r.json.error.message, pattern, filter);
      assert.equal(typeof r.json.error.innerError?.['request-id'], 'string', filter);
    }
  });

  test('mangled event-type filters are 200s or 400s, never a server error', async () => {
    const rng = new Rng(17);
    const valid = `${DAY} and userPrincipalName eq '${truth.victim}' and ${ALL_TYPES}`;
    const noise = '()/:\' ,tanyeqor"';
    const before = emu.stats().internalErrors;
    for (let i = 0; i < 200; i++) {
      let f = valid;
      for (let k = rng.int(1, 4); k > 0; k--) {
        const at = rng.int(0, f.length);
        f = rng.chance(0.5)
          ? f.slice(0, at) + f.slice(at + rng.int(1, 6))
          : f.slice(0, at) + rng.pick([...noise]) + f.slice(at);
      }
      const r = await graphCall(`${emu.url}/beta/auditLogs/signIns?$top=5&$filter=${encodeURIComponent(f)}`);
      assert.ok(r.status === 200 || r.status === 400, `${r.status} for ${f}: ${r.text}`);
      if (r.status === 400) assert.equal(r.json.error.code, 'BadRequest', f);
    }
    assert.equal(emu.stats().internalErrors, before);
  });
});
