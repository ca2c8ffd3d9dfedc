/**
 * Access to the emulator's Graph endpoints: bearer authorization by permission (tokens issued by
 * the emulator's identity provider, checked through the IssuedTokens registry; per-workload audit
 * permissions limit the records), the injected faults and throttling, and determinism by seed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../../src/emulator/index.js';
import { Authenticator } from '../../src/emulator/http/credentials.js';
import { FaultInjector } from '../../src/emulator/http/faults.js';
import { IssuedTokens } from '../../src/emulator/http/issued-tokens.js';
import { setUpGraph } from '../../src/emulator/graph/graph-setup.js';
import type { EmulatorStats } from '../../src/emulator/http/activities-handler.js';
import { GTOKEN, graphCall, runQuery } from './_graph.js';

const A = 'a@contoso.example';
const records = [
  {
    Id: '10000000-0000-4000-8000-000000000001',
    CreationTime: '2026-08-01T10:00:00',
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserId: A,
    UserType: 0,
    Workload: 'Exchange',
    ClientIPAddress: '203.0.113.7',
  },
  {
    Id: '10000000-0000-4000-8000-000000000002',
    CreationTime: '2026-08-01T10:01:00',
    Operation: 'UserLoggedIn',
    RecordType: 15,
    UserId: A,
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.7',
  },
  {
    Id: '10000000-0000-4000-8000-000000000003',
    CreationTime: '2026-08-01T10:02:00',
    Operation: 'New-InboxRule',
    RecordType: 1,
    UserId: A,
    UserType: 2,
    Workload: 'Exchange',
    ClientIP: '[2001:db8::7]:51022',
    ObjectId: 'rule-x',
  },
];
const signIns = [
  {
    id: 's1',
    createdDateTime: '2026-08-01T09:59:00Z',
    userPrincipalName: A,
    ipAddress: '203.0.113.7',
    status: { errorCode: 0 },
    sessionId: 'sess-1',
    uniqueTokenIdentifier: 'AAAAAAAAAAAAAAAAAAAAAA',
    userAgent: 'UA',
  },
];
const SMALL = { data: { mailboxes: { [A]: [] } }, token: GTOKEN } as const;

/** The Graph routes alone on a loopback server, with an IssuedTokens registry the test signs with. */
async function graphServer() {
  const tokens = new IssuedTokens();
  const stats: EmulatorStats = {
    requests: 0,
    byStatus: {},
    recordsServed: 0,
    faults: { delayed: 0, failed: 0, reset: 0, throttled: 0 },
    internalErrors: 0,
  };
  const setup = await setUpGraph(
    { auth: new Authenticator({}, GTOKEN, A), tokens, throttle: null, stats },
    { auditRecords: records, signIns, query: { runPolls: 0 } },
    null,
  );
  const faults = new FaultInjector({});
  const server = createServer((req, res) => {
    const route = setup.routes.find((r) => r.matches((req.url ?? '/').split('?')[0]!));
    if (route) void route.handle(req, res, faults.decide(req.url ?? '/'));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issue = (roles: string[], audience = 'https://graph.microsoft.com') =>
    tokens.issue({
      tenantId: 't',
      appId: 'app',
      audience,
      roles,
      scopes: [],
      expiresAt: Date.now() + 3_600_000,
    });
  return { url, issue, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('authorization', () => {
  test('401 without a token, 403 without the permission, per-workload permissions limit the records', async () => {
    const g = await graphServer();
    try {
      const anonymous = await graphCall(`${g.url}/v1.0/auditLogs/signIns`, { token: null });
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.json.error.code, 'InvalidAuthenticationToken');
      const wrongAudience = await graphCall(`${g.url}/v1.0/auditLogs/signIns`, {
        token: g.issue(['AuditLog.Read.All'], 'https://outlook.office.com'),
      });
      assert.equal(wrongAudience.status, 401);
      const noRole = await graphCall(`${g.url}/v1.0/auditLogs/signIns`, {
        token: g.issue(['AuditLogsQuery.Read.All']),
      });
      assert.equal(noRole.status, 403);
      assert.match(noRole.json.error.message, /AuditLog\.Read\.All/);
      const ok = await graphCall(`${g.url}/beta/auditLogs/signIns`, {
        token: g.issue(['AuditLog.Read.All']),
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.value[0].sessionId, 'sess-1');
      const denied = await graphCall(`${g.url}/v1.0/security/auditLog/queries`, {
        body: {},
        token: g.issue(['AuditLog.Read.All']),
      });
      assert.equal(denied.status, 403);
      const ops = async (role: string) =>
        (await runQuery(g.url, {}, { token: g.issue([role]) })).records.map((r) => r.operation);
      assert.deepEqual(await ops('AuditLogsQuery.Read.All'), [
        'MailItemsAccessed',
        'UserLoggedIn',
        'New-InboxRule',
      ]);
      assert.deepEqual(await ops('AuditLogsQuery-Exchange.Read.All'), ['MailItemsAccessed', 'New-InboxRule']);
      assert.deepEqual(await ops('AuditLogsQuery-Entra.Read.All'), ['UserLoggedIn']);
      const static_ = await runQuery(g.url, { ipAddressFilters: ['2001:DB8::7'] });
      assert.deepEqual(
        static_.records.map((r) => r.operation),
        ['New-InboxRule'],
      );
      const rule = static_.records[0]!;
      assert.equal(rule.auditLogRecordType, 'exchangeAdmin');
      assert.equal(rule.userType, 'admin');
      assert.equal(rule.objectId, 'rule-x');
      assert.equal(rule.createdDateTime, '2026-08-01T10:02:00Z');
    } finally {
      await g.close();
    }
  });
});

describe('faults and throttling', () => {
  test('injected 5xx carry a Graph error body; resets cut the body; retries get through', async () => {
    const emu = await startEmulator({
      ...SMALL,
      faults: { seed: 5, failRate: 0.5, resetRate: 0.3 },
      graph: { auditRecords: records, signIns },
    });
    try {
      const seen = new Set<string>();
      const url = `${emu.url}/v1.0/auditLogs/signIns`;
      let okBody: string | null = null;
      const done = () => okBody !== null && seen.has('reset') && [...seen].some((x) => x.startsWith('5'));
      for (let i = 0; i < 60 && !done(); i++) {
        try {
          const r = await graphCall(url);
          seen.add(String(r.status));
          if (r.status >= 500) {
            assert.ok(['InternalServerError', 'ServiceUnavailable'].includes(r.json.error.code));
            assert.ok(r.json.error.innerError['request-id']);
          } else okBody = r.text;
        } catch {
          seen.add('reset');
        }
      }
      assert.ok(okBody !== null && JSON.parse(okBody).value.length === 1);
      assert.ok(seen.has('reset') && [...seen].some((s) => s.startsWith('5')), [...seen].join(','));
      const stats = emu.stats();
      assert.ok(stats.faults.failed > 0 && stats.faults.reset > 0);
    } finally {
      await emu.close();
    }
  });

  test('beyond the limit a 429 with Retry-After', async () => {
    const emu = await startEmulator({
      ...SMALL,
      throttle: { limit: 2, windowSeconds: 60 },
      graph: { auditRecords: records },
    });
    try {
      const codes: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 3; i++) {
        const r = await graphCall(`${emu.url}/v1.0/security/auditLog/queries`);
        codes.push(r.status);
        if (r.status === 429) {
          retryAfter = r.headers.get('retry-after');
          assert.equal(r.json.error.code, 'TooManyRequests');
        }
      }
      assert.deepEqual(codes, [200, 200, 429]);
      assert.match(String(retryAfter), /^\d+$/);
    } finally {
      await emu.close();
    }
  });
});

describe('determinism', () => {
  test('the same seed gives the same query ids, records and sign-ins', async () => {
    const snapshot = async () => {
      const emu = await startEmulator({ token: GTOKEN, scenario: { seed: 4, scale: 0.3 } });
      try {
        const q = await runQuery(
          emu.url,
          { filterStartDateTime: '2018-06-12T00:00:00Z', filterEndDateTime: '2018-06-13T00:00:00Z' },
          { top: 500 },
        );
        const s = await graphCall(`${emu.url}/beta/auditLogs/signIns?$top=50`);
        return JSON.stringify({ id: q.query.id, records: q.records, signIns: s.json.value });
      } finally {
        await emu.close();
      }
    };
    const a = await snapshot();
    assert.equal(await snapshot(), a);
    assert.ok(a.length > 10_000);
  });
});
