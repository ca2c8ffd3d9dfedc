/**
 * The Graph audit log query API of the emulator over loopback: the query lifecycle, validation
 * errors naming the property, exact and stable paging, the query-level behaviours (failure, long
 * run, record cap, skewed count) and the scenario's ground truth as the audit records show it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioTruth, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const truth = scenarioTruth({ seed: 1, scale: 1 });
const VICTIM = truth.victim;
const audit = truth.audit!;

describe('audit log queries on the scenario', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ token: GTOKEN, scenario: { seed: 1, scale: 1 } });
  });
  after(() => emu.close());

  test('POST creates a notStarted query with a Location; polls go running, then succeeded', async () => {
    const body = {
      '@odata.type': '#microsoft.graph.security.auditLogQuery',
      displayName: 'BEC victim',
      filterStartDateTime: '2018-06-12T00:00:00Z',
      filterEndDateTime: '2018-06-13T00:00:00Z',
      recordTypeFilters: ['ExchangeItemAggregated'],
      userPrincipalNameFilters: [VICTIM],
      serviceFilter: 'Exchange',
    };
    const created = await graphCall(`${emu.url}/v1.0/security/auditLog/queries`, { body });
    assert.equal(created.status, 201);
    assert.equal(created.json.status, 'notStarted');
    assert.equal(created.json.displayName, 'BEC victim');
    assert.deepEqual(created.json.recordTypeFilters, ['exchangeItemAggregated']);
    assert.equal(
      created.headers.get('location'),
      `${emu.url}/v1.0/security/auditLog/queries/${created.json.id}`,
    );
    assert.equal(created.json.isRecordCountLimitExceeded, false);
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await graphCall(`${emu.url}/v1.0/security/auditLog/queries/${created.json.id}`)).json.status,
      );
    assert.deepEqual(statuses, ['running', 'succeeded', 'succeeded']);
    const listed = await graphCall(`${emu.url}/beta/security/auditLog/queries`);
    assert.ok(listed.json.value.some((q: { id: string }) => q.id === created.json.id));
  });

  test('a bad body is a Graph 400 naming the property', async () => {
    const cases: [unknown, RegExp][] = [
      [{ recordTypeFilters: ['exchangeItem', 'mailboxLogin'] }, /recordTypeFilters\[1\].*'mailboxLogin'/],
      [
        { filterStartDateTime: '2018-06-13T00:00:00Z', filterEndDateTime: '2018-06-12T00:00:00Z' },
        /filterStartDateTime.*later than.*filterEndDateTime/,
      ],
      [{ filterStartDateTime: 'yesterday' }, /filterStartDateTime/],
      [{ operationFilters: 'MailItemsAccessed' }, /operationFilters.*collection/],
      [{ userPrincipalNameFilters: [42] }, /userPrincipalNameFilters\[0\]/],
      [{ recordTypeFilter: ['exchangeItem'] }, /property 'recordTypeFilter' does not exist/],
      ['{not json', /not valid JSON/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, pattern] of cases) {
      const r = await graphCall(`${emu.url}/v1.0/security/auditLog/queries`, { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, 'BadRequest');
      assert.match(r.json.error.message, pattern);
      assert.ok(r.json.error.innerError['request-id']);
    }
  });

  test('paging is exact: small pages concatenate to the one big page, in (time, id) order', async () => {
    const body = { filterStartDateTime: '2018-06-11T00:00:00Z', filterEndDateTime: '2018-06-14T00:00:00Z' };
    const small = await runQuery(emu.url, body, { top: 37 });
    const big = await runQuery(emu.url, body, { top: 1000 });
    const byDefault = await runQuery(emu.url, body);
    assert.ok(small.records.length > 100, `only ${small.records.length} records`);
    assert.ok(small.pages.length > 3);
    assert.deepEqual(
      small.records.map((r) => r.id),
      big.records.map((r) => r.id),
    );
    assert.deepEqual(
      byDefault.records.map((r) => r.id),
      big.records.map((r) => r.id),
    );
    assert.equal((byDefault.pages[0] as { value: unknown[] }).value.length, 150);
    assert.equal(new Set(big.records.map((r) => r.id)).size, big.records.length);
    const keys = big.records.map((r) => `${r.createdDateTime as string}|${r.id as string}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(
      big.records.every(
        (r) =>
          (r.createdDateTime as string) >= '2018-06-11T00:00:00Z' &&
          (r.createdDateTime as string) < '2018-06-14T00:00:00Z',
      ),
    );
    assert.equal(big.query.approximateReturnedRecordCount, big.records.length);
    const link = (small.pages[0] as { '@odata.nextLink': string })['@odata.nextLink'];
    assert.match(link, /\$top=37&\$skiptoken=/);
    const forged = link.replace(/\$skiptoken=[^&]+/, '$skiptoken=MTAuYWJj');
    const refused = await graphCall(forged);
    assert.equal(refused.status, 400);
    assert.match(refused.json.error.message, /skiptoken/);
  });

  test("the intruder's records carry the truth: sessions, searches, reads, sends, deletes, rule, forwarding, consent", async () => {
    const { records } = await runQuery(emu.url, {
      filterStartDateTime: '2018-06-12T00:00:00Z',
      filterEndDateTime: '2018-06-14T00:00:00Z',
      userPrincipalNameFilters: [VICTIM.toUpperCase()],
      ipAddressFilters: truth.attacker.ips,
    });
    const data = records.map((r) => r.auditData as Record<string, unknown>);
    assert.deepEqual(new Set(records.map((r) => r.id)), new Set(audit.attackerRecordIds));
    for (const r of records)
      assert.ok(
        truth.attacker.ips.includes(r.clientIp as string) ||
          truth.attacker.ips.includes(String(r.clientIp).split(':')[0]!),
      );
    const sessionOf = (d: Record<string, unknown>) =>
      d.SessionId ??
      (d.DeviceProperties as { Name: string; Value: string }[] | undefined)?.find(
        (p) => p.Name === 'SessionId',
      )?.Value;
    const sessions = new Set(data.map(sessionOf).filter((x) => x !== undefined));
    assert.deepEqual(
      data.filter((d) => sessionOf(d) === undefined).map((d) => d.Operation),
      ['Consent to application.'],
    );
    assert.deepEqual([...sessions].sort(), [...audit.attackerSessionIds].sort());
    const ops = (op: string) => data.filter((d) => d.Operation === op);
    assert.deepEqual(
      ops('SearchQueryInitiatedExchange').map((d) => d.QueryText),
      truth.attacker.searchTerms,
    );
    const bound = ops('MailItemsAccessed').flatMap((d) =>
      (d.Folders as { FolderItems: { InternetMessageId: string }[] }[]).flatMap((f) =>
        f.FolderItems.map((i) => i.InternetMessageId),
      ),
    );
    assert.deepEqual([...new Set(bound)], truth.attacker.readInternetMessageIds);
    assert.deepEqual(
      ops('Send').map((d) => (d.Item as { InternetMessageId: string }).InternetMessageId),
      truth.attacker.sentInternetMessageIds,
    );
    const forward = ops('Send')[0] as { recipientList: { Address: string }[] };
    assert.deepEqual(
      forward.recipientList.map((r) => r.Address),
      [truth.attacker.forwardedTo],
    );
    assert.deepEqual(audit.hardDeletedInternetMessageIds, truth.attacker.deletedInternetMessageIds);
    const rule = ops('New-InboxRule')[0] as { Parameters: { Name: string; Value: string }[] };
    assert.equal(rule.Parameters.find((p) => p.Name === 'ForwardTo')?.Value, truth.attacker.forwardedTo);
    assert.equal(ops('Set-Mailbox').length, 1);
    assert.equal(ops('Consent to application.').length, 1);
    assert.equal(ops('UserLoginFailed').length, 1);
    const failed = records.find((r) => r.operation === 'UserLoginFailed')!;
    assert.equal(failed.auditLogRecordType, 'azureActiveDirectoryStsLogon');
    assert.equal(failed.service, 'AzureActiveDirectory');
    const owa = data.filter(
      (d) => d.SessionId === audit.webSessionId && d.Workload === 'Exchange' && d.RecordType !== 1,
    );
    assert.ok(
      owa.every((d) => (d.AppAccessContext as { AADSessionId: string }).AADSessionId === audit.webSessionId),
    );
    assert.equal(records[0]!.createdDateTime, audit.webWindow.start);
  });

  test('recordTypeFilters, operationFilters, serviceFilter and keywordFilter narrow the result', async () => {
    const window = { filterStartDateTime: '2018-06-01T00:00:00Z', filterEndDateTime: '2018-06-30T00:00:00Z' };
    const mia = await runQuery(emu.url, { ...window, recordTypeFilters: ['exchangeItemAggregated'] });
    assert.ok(mia.records.length > 0 && mia.records.every((r) => r.operation === 'MailItemsAccessed'));
    const rules = await runQuery(emu.url, { ...window, operationFilters: ['new-inboxrule', 'Set-Mailbox'] });
    assert.deepEqual(rules.records.map((r) => r.operation).sort(), ['New-InboxRule', 'Set-Mailbox']);
    const entra = await runQuery(emu.url, { ...window, serviceFilter: 'AzureActiveDirectory' });
    assert.ok(entra.records.length > 0 && entra.records.every((r) => r.service === 'AzureActiveDirectory'));
    const keyword = await runQuery(emu.url, { ...window, keywordFilter: 'MAIL BACKUP SYNC' });
    assert.deepEqual(
      keyword.records.map((r) => r.operation),
      ['Consent to application.'],
    );
    const units = await runQuery(emu.url, { ...window, administrativeUnitIdFilters: ['au-1'] });
    assert.equal(units.records.length, 0);
  });

  test('records of a query that has not succeeded are refused; an unknown query is a 404', async () => {
    const created = await graphCall(`${emu.url}/v1.0/security/auditLog/queries`, { body: {} });
    const early = await graphCall(`${emu.url}/v1.0/security/auditLog/queries/${created.json.id}/records`);
    assert.equal(early.status, 400);
    assert.match(early.json.error.message, /status 'notStarted'/);
    const missing = await graphCall(
      `${emu.url}/v1.0/security/auditLog/queries/00000000-0000-4000-8000-000000000000`,
    );
    assert.equal(missing.status, 404);
    const wrongMethod = await graphCall(`${emu.url}/v1.0/security/auditLog/queries/${created.json.id}`, {
      method: 'DELETE',
    });
    assert.equal(wrongMethod.status, 405);
    const badSegment = await graphCall(`${emu.url}/v1.0/security/auditLog/searches`);
    assert.equal(badSegment.status, 400);
    assert.match(badSegment.json.error.message, /segment 'searches'/);
  });
});

/** `n` small AuditData records, one a minute from 2018-06-01, every tenth a Set-Mailbox. */
function syntheticAudit(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    Id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    CreationTime: new Date(Date.UTC(2018, 5, 1) + i * 60_000).toISOString().slice(0, 19),
    Operation: i % 10 === 0 ? 'Set-Mailbox' : 'MailboxLogin',
    RecordType: i % 10 === 0 ? 1 : 2,
    UserId: 'a@contoso.example',
    UserType: 0,
    Workload: 'Exchange',
    ClientIP: '203.0.113.5',
  }));
}
const SMALL = { data: { mailboxes: { 'a@contoso.example': [] } }, token: GTOKEN } as const;

describe('query behaviours', () => {
  test('record cap, failures, long runs and skewed counts, deterministic by seed', async () => {
    const emu = await startEmulator({
      ...SMALL,
      graph: {
        auditRecords: syntheticAudit(200),
        query: { recordCountLimit: 25, countSkew: 0.5, seed: 3, runPolls: 0 },
      },
    });
    try {
      const capped = await runQuery(
        emu.url,
        { filterStartDateTime: '2018-06-01T00:00:00Z', filterEndDateTime: '2018-06-30T00:00:00Z' },
        { top: 10 },
      );
      assert.equal(capped.query.status, 'succeeded');
      assert.equal(capped.query.isRecordCountLimitExceeded, true);
      assert.equal(capped.query.recordCountLimit, 25);
      assert.equal(capped.records.length, 25);
      const approx = capped.query.approximateReturnedRecordCount as number;
      assert.ok(approx >= 12 && approx <= 38, String(approx));
      const small = await runQuery(emu.url, { operationFilters: ['Set-Mailbox'] });
      assert.equal(small.query.isRecordCountLimitExceeded, false);
      assert.equal(small.records.length, 20);
    } finally {
      await emu.close();
    }
    const flaky = {
      ...SMALL,
      graph: {
        auditRecords: syntheticAudit(5),
        query: { failRate: 0.5, longRunRate: 0.5, longRunPolls: 3, seed: 9 },
      },
    };
    const outcomes = async () => {
      const e = await startEmulator(flaky);
      try {
        const out: string[] = [];
        for (let i = 0; i < 8; i++) {
          const r = await runQuery(e.url, { operationFilters: ['Set-Mailbox'] });
          out.push(`${r.query.id as string}:${r.polls.join('>')}`);
        }
        return out;
      } finally {
        await e.close();
      }
    };
    const first = await outcomes();
    assert.deepEqual(await outcomes(), first);
    assert.ok(first.some((o) => o.endsWith('>failed')) && first.some((o) => o.endsWith('>succeeded')));
    assert.ok(
      first.some((o) => o.split('running').length - 1 === 4),
      'no long-running query',
    );
    assert.ok(
      first.some((o) => o.split('running').length - 1 === 1),
      'no quick query',
    );
  });

  test("'empty' answers records of an unfinished query with an empty page", async () => {
    const emu = await startEmulator({
      ...SMALL,
      graph: { query: { recordsBeforeSuccess: 'empty', runMs: 3_600_000 } },
    });
    try {
      const created = await graphCall(`${emu.url}/v1.0/security/auditLog/queries`, { body: {} });
      const polled = await graphCall(`${emu.url}/v1.0/security/auditLog/queries/${created.json.id}`);
      assert.equal(polled.json.status, 'running');
      const page = await graphCall(`${emu.url}/v1.0/security/auditLog/queries/${created.json.id}/records`);
      assert.equal(page.status, 200);
      assert.deepEqual(page.json.value, []);
      assert.equal(page.json['@odata.nextLink'], undefined);
    } finally {
      await emu.close();
    }
  });
});
