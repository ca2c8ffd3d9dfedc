/**
 * The emulator's side of sign-in: the per-run test CA, the identity configuration and its
 * validation, client-assertion checks MSAL never trips on its own, injected faults on the token
 * endpoint, and `mailtrail emulate --tls --write-ca --identity` from the command line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPrivateKey, createHash, sign, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Agent, request } from 'undici';
import { runCommand } from '../../src/cli/run.js';
import { identityProblem, readIdentityFile } from '../../src/emulator/identity/identity-config.js';
import { createTestAuthority } from '../../src/emulator/tls/certificate.js';
import { IdentitySession } from '../../src/sources/identity/msal-session.js';
import { collector, tempDir } from '../fetch/_harness.js';
import {
  APP_CERT,
  CERT_APP,
  SECRET,
  SECRET_APP,
  TENANT,
  identityConfig,
  startIdentityEmulator,
} from './_identity.js';

test('the test CA signs a loopback server certificate; nothing else trusts it', () => {
  const authority = createTestAuthority();
  const ca = new X509Certificate(authority.caPem);
  const server = new X509Certificate(authority.serverCertPem);
  assert.equal(ca.ca, true);
  assert.equal(server.ca, false);
  assert.ok(server.verify(ca.publicKey), 'signed by the CA');
  assert.ok(server.checkIssued(ca));
  assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(server.checkIP('::1'), '::1');
  assert.equal(server.checkHost('localhost'), 'localhost');
  assert.equal(server.checkHost('example.com'), undefined);
  assert.ok(Date.parse(server.validTo) - Date.now() < 3 * 86_400_000, 'short-lived');
  assert.notEqual(createTestAuthority().caPem, authority.caPem, 'a new CA every time');
});

test('identity configuration problems name the field and never quote a secret', () => {
  const base = identityConfig();
  const cases: [unknown, RegExp][] = [
    [{ ...base, tenantId: 'contoso' }, /^tenantId must be a GUID/],
    [{ ...base, apps: [] }, /^apps must be a non-empty array/],
    [{ ...base, apps: [{ ...base.apps[0], clientId: 'x' }] }, /^apps\[0\]\.clientId must be a GUID/],
    [
      { ...base, apps: [{ ...base.apps[0], secrets: ['ok', 42] }] },
      /^apps\[0\]\.secrets\[1\] must be a non-empty string/,
    ],
    [
      { ...base, apps: [{ ...base.apps[0], roles: { teams: ['x'] } }] },
      /^apps\[0\]\.roles: unknown API "teams"/,
    ],
    [
      {
        ...base,
        apps: [
          { ...base.apps[1], certificates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] },
        ],
      },
      /^apps\[0\]\.certificates\[0\] is not a PEM certificate/,
    ],
    [{ ...base, apps: [{ clientId: SECRET_APP }] }, /^apps\[0\] has no credential/],
    [{ ...base, apps: [base.apps[0], base.apps[0]] }, /^apps\[1\]\.clientId repeats an earlier app/],
    [{ ...base, users: [{ upn: 'nobody' }] }, /^users\[0\]\.upn must be a user principal name/],
    [
      { ...base, deviceCode: { autoApprove: { upn: 'ghost@contoso.example' } } },
      /^deviceCode\.autoApprove\.upn must be the upn of one of the users/,
    ],
    [{ ...base, tokenLifetimeSeconds: 0 }, /^tokenLifetimeSeconds must be a whole number greater than 0/],
    [{ ...base, extra: 1 }, /^the top level: unknown member "extra"/],
  ];
  for (const [value, expected] of cases) {
    const problem = identityProblem(value);
    assert.match(problem ?? '(valid)', expected);
    assert.ok(!(problem ?? '').includes(SECRET));
  }
  assert.equal(identityProblem(base), null);
});

test('an identity file may name certificate files relative to itself', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'app.crt'), APP_CERT.certPem);
  const config = identityConfig();
  const file = join(dir, 'identity.json');
  await writeFile(
    file,
    JSON.stringify({ ...config, apps: [{ ...config.apps[1], certificates: ['app.crt'] }] }),
  );
  const read = await readIdentityFile(file);
  assert.equal(read.apps[0]!.certificates![0], APP_CERT.certPem);
  await writeFile(
    file,
    JSON.stringify({ ...config, apps: [{ ...config.apps[1], certificates: ['missing.crt'] }] }),
  );
  await assert.rejects(
    readIdentityFile(file),
    /identity\.json is invalid: apps\[0\]\.certificates\[0\]: cannot read .*missing\.crt/,
  );
});

/** A client assertion as MSAL makes it, with parts that a test may spoil. */
function assertion(tokenUrl: string, over: { aud?: string; exp?: number; sig?: 'bad' } = {}): string {
  const der = new X509Certificate(APP_CERT.certPem).raw;
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const nowS = Math.floor(Date.now() / 1000);
  const head = enc({
    alg: 'PS256',
    typ: 'JWT',
    'x5t#S256': createHash('sha256').update(der).digest('base64url'),
  });
  const body = enc({
    aud: over.aud ?? tokenUrl,
    iss: CERT_APP,
    sub: CERT_APP,
    jti: 'j1',
    nbf: nowS,
    exp: over.exp ?? nowS + 600,
  });
  const key = {
    key: createPrivateKey(APP_CERT.keyPem),
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  };
  const sig = sign('sha256', Buffer.from(`${head}.${over.sig === 'bad' ? body.slice(1) : body}`), key);
  return `${head}.${body}.${sig.toString('base64url')}`;
}

test('client assertions: signature, audience and lifetime are each checked', async (t) => {
  const f = await startIdentityEmulator(t);
  const agent = new Agent({ connect: { ca: f.emu.caCertificate! } });
  t.after(() => agent.close());
  const tokenUrl = `${f.emu.url}/${TENANT}/oauth2/v2.0/token`;
  const post = async (clientAssertion: string) => {
    const res = await request(tokenUrl, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CERT_APP,
        scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion,
      }).toString(),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };
  const good = await post(assertion(tokenUrl));
  assert.equal(good.status, 200, JSON.stringify(good.body));
  assert.equal(good.body.token_type, 'Bearer');
  for (const [spoil, code] of [
    [{ sig: 'bad' as const }, 700027],
    [{ aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' }, 700022],
    [{ exp: Math.floor(Date.now() / 1000) - 3600 }, 700024],
  ] as const) {
    const r = await post(assertion(tokenUrl, spoil));
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.deepEqual(r.body.error_codes, [code]);
    assert.match(String(r.body.error_description), new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: `));
  }
});

test('malformed percent-encoding in a tenant segment or a Basic credential is refused, never a 500', async (t) => {
  const f = await startIdentityEmulator(t);
  const agent = new Agent({ connect: { ca: f.emu.caCertificate! } });
  t.after(() => agent.close());
  const send = async (path: string, method: 'GET' | 'POST', headers: Record<string, string> = {}) => {
    const res = await request(`${f.emu.url}${path}`, {
      method,
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      ...(method === 'POST'
        ? {
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              scope: 'https://graph.microsoft.com/.default',
            }).toString(),
          }
        : {}),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };
  for (const path of ['/%E0%A4%A/oauth2/v2.0/token', '/%ZZ/v2.0/.well-known/openid-configuration']) {
    const r = await send(path, path.endsWith('token') ? 'POST' : 'GET');
    assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.error_codes, [90002], path);
  }
  const basic = Buffer.from(`${SECRET_APP}:%ZZ${SECRET}`).toString('base64');
  const r = await send(`/${TENANT}/oauth2/v2.0/token`, 'POST', { authorization: `Basic ${basic}` });
  assert.equal(r.status, 401, JSON.stringify(r.body));
  assert.equal(r.body.error, 'invalid_client');
});

test('injected faults hit the identity provider too; the session retries, then names the failure', async (t) => {
  const f = await startIdentityEmulator(t, { faults: { seed: 2, failRate: 1 } });
  const session = new IdentitySession({
    tenant: TENANT,
    clientId: SECRET_APP,
    mode: { kind: 'client-secret', secret: SECRET },
    authorityHost: f.emu.url,
    ca: f.emu.caCertificate!,
    retryDelaysMs: [5, 5, 5],
  });
  t.after(() => session.close());
  await assert.rejects(session.provider('graph').authorization(), (e: Error & { status?: number }) => {
    assert.match(e.message, /AADSTS(90033|50000): .*injected fault/);
    assert.equal(e.status, 503, 'a passing failure, not a refusal: retrievers leave the slice for --resume');
    return true;
  });
  const stats = f.emu.stats();
  assert.equal(stats.requests, 4, 'one attempt and three retries');
  assert.equal((stats.byStatus['500'] ?? 0) + (stats.byStatus['503'] ?? 0), 4);
});

test('an app sign-in gets through one 500 or 503 from the token endpoint, although MSAL then refuses requests itself', async (t) => {
  const f = await startIdentityEmulator(t);
  for (const status of [500, 503] as const) {
    const session = new IdentitySession({
      tenant: TENANT,
      clientId: SECRET_APP,
      mode: { kind: 'client-secret', secret: SECRET },
      authorityHost: f.emu.url,
      ca: f.emu.caCertificate!,
      retryDelaysMs: [5, 5, 5],
    });
    t.after(() => session.close());
    // After a 5xx MSAL refuses further token requests for 60 s (Retry-After for the 503, 1 s),
    // replaying the error: the retry must not be refused by that.
    f.emu.identity!.failTokenRequests(1, status);
    const header = await session.provider('graph').authorization();
    assert.match(header, /^Bearer eyJ/, `after a ${status}`);
  }
});

test('mailtrail emulate --tls --write-ca --identity serves HTTPS that a sign-in can trust', async (t) => {
  const dir = await tempDir(t);
  const identityFile = join(dir, 'identity.json');
  const caFile = join(dir, 'ca.pem');
  await writeFile(identityFile, JSON.stringify(identityConfig()));
  const stdout = new PassThrough();
  const err = collector();
  const stop = new AbortController();
  const firstLine = new Promise<string>((resolve) => {
    let text = '';
    stdout.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
  });
  const running = runCommand(
    ['emulate', '--tls', '--write-ca', caFile, '--identity', identityFile, '--scale', '0.02'],
    { stdout, stderr: err.stream, env: {}, signal: stop.signal },
  );
  const url = await firstLine;
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const session = new IdentitySession({
    tenant: TENANT,
    clientId: SECRET_APP,
    mode: { kind: 'client-secret', secret: SECRET },
    authorityHost: url,
    ca: await readFile(caFile, 'utf8'),
  });
  assert.match(await session.provider('outlook').authorization(), /^Bearer ey/);
  await session.close();
  stop.abort();
  assert.equal(await running, 0, err.text());
  assert.match(err.text(), /identity provider for tenant https:\/\/127\.0\.0\.1:\d+\/6f0c2b1e/);
  assert.ok(!err.text().includes(SECRET));
  const refused = collector();
  const code = await runCommand(['emulate', '--write-ca', caFile], {
    stdout: collector().stream,
    stderr: refused.stream,
    env: {},
  });
  assert.equal(code, 2);
  assert.match(refused.text(), /--write-ca needs --tls/);
});
