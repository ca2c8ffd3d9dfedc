/**
 * App-only sign-in with the real MSAL client against the emulator's identity provider over
 * HTTPS on loopback: client secret, certificate (plain and encrypted key), the AADSTS refusals
 * people meet, token reuse and renewal, and the tokens' acceptance by the emulated APIs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { closeCredentials, resolveCredentials } from '../../src/case/fetch/credentials.js';
import { IdentitySession } from '../../src/sources/identity/msal-session.js';
import { readClientCertificate } from '../../src/sources/identity/client-certificate.js';
import { selfSignedClientCertificate } from '../../src/emulator/tls/certificate.js';
import {
  APP_CERT,
  CERT_APP,
  DOMAIN,
  SECRET,
  SECRET_APP,
  TENANT,
  choiceFor,
  identityConfig,
  startIdentityEmulator,
  writeAppCertificate,
} from './_identity.js';

const payloadOf = (header: string) =>
  JSON.parse(Buffer.from(header.split(' ')[1]!.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

test('client secret: a token for each API, with the app roles of that API', async (t) => {
  const f = await startIdentityEmulator(t);
  const choice = choiceFor(f, { clientId: SECRET_APP, env: { MAILTRAIL_CLIENT_SECRET: SECRET } });
  t.after(() => closeCredentials(choice));
  const outlook = await resolveCredentials(choice, 'outlook');
  const graph = await resolveCredentials(choice, 'graph');
  const o = payloadOf(await outlook.authorization());
  const g = payloadOf(await graph.authorization());
  assert.equal(o.aud, 'https://outlook.office.com');
  assert.deepEqual(o.roles, ['full_access_as_app']);
  assert.equal(g.aud, 'https://graph.microsoft.com');
  assert.deepEqual(g.roles, ['AuditLogsQuery.Read.All']);
  assert.equal(o.tid, TENANT);
  assert.match(outlook.description, new RegExp(`client secret for app ${SECRET_APP} in tenant ${TENANT}`));
  assert.ok(!outlook.description.includes(SECRET));
  assert.equal(f.emu.identity!.stats().byGrant.client_credentials, 2);
});

test('the tenant may be named by a verified domain', async (t) => {
  const f = await startIdentityEmulator(t);
  const choice = choiceFor(f, { tenant: DOMAIN, clientId: SECRET_APP, clientSecret: SECRET });
  t.after(() => closeCredentials(choice));
  const p = await resolveCredentials(choice, 'graph');
  assert.equal(payloadOf(await p.authorization()).tid, TENANT);
});

test('certificate: MSAL signs a PS256 assertion the provider verifies against the registered certificate', async (t) => {
  const f = await startIdentityEmulator(t);
  const file = await writeAppCertificate(f.dir);
  const choice = choiceFor(f, { clientId: CERT_APP, certificateFile: file });
  t.after(() => closeCredentials(choice));
  const p = await resolveCredentials(choice, 'outlook');
  assert.deepEqual(payloadOf(await p.authorization()).roles, ['full_access_as_app']);
  assert.match(p.description, /^certificate [0-9a-f]{16}… \(/);
});

test('certificate listed after its issuer (as PEMs exported from a .pfx often are) still signs in', async (t) => {
  const f = await startIdentityEmulator(t);
  const other = selfSignedClientCertificate('mailtrail-test-issuer');
  const file = join(f.dir, 'chain-first.pem');
  await writeFile(file, `${APP_CERT.keyPem}${other.certPem}${APP_CERT.certPem}`, { mode: 0o600 });
  const choice = choiceFor(f, { clientId: CERT_APP, certificateFile: file });
  t.after(() => closeCredentials(choice));
  const p = await resolveCredentials(choice, 'outlook');
  assert.deepEqual(payloadOf(await p.authorization()).roles, ['full_access_as_app']);
  const wrong = join(f.dir, 'no-leaf.pem');
  await writeFile(wrong, `${APP_CERT.keyPem}${other.certPem}`, { mode: 0o600 });
  await assert.rejects(
    readClientCertificate(wrong, undefined),
    /private key in .*no-leaf\.pem belongs to none of its 1 certificate/,
  );
});

test('certificate with an encrypted key: opened with MAILTRAIL_CERTIFICATE_PASSWORD, refused without', async (t) => {
  const f = await startIdentityEmulator(t);
  const encrypted = createPrivateKey(APP_CERT.keyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-pass-7' })
    .toString();
  const file = await writeAppCertificate(f.dir, encrypted);
  await assert.rejects(
    resolveCredentials(choiceFor(f, { clientId: CERT_APP, certificateFile: file }), 'outlook'),
    /MAILTRAIL_CERTIFICATE_PASSWORD/,
  );
  await assert.rejects(readClientCertificate(file, 'wrong-pass'), /cannot decrypt the private key/);
  const choice = choiceFor(f, {
    clientId: CERT_APP,
    certificateFile: file,
    env: { MAILTRAIL_CERTIFICATE_PASSWORD: 'key-pass-7' },
  });
  t.after(() => closeCredentials(choice));
  const p = await resolveCredentials(choice, 'graph');
  assert.equal(payloadOf(await p.authorization()).aud, 'https://graph.microsoft.com');
});

test('a certificate the app does not know is refused with AADSTS700027', async (t) => {
  const f = await startIdentityEmulator(t);
  const file = await writeAppCertificate(f.dir);
  // The certificate is registered on CERT_APP only.
  const choice = choiceFor(f, { clientId: SECRET_APP, certificateFile: file });
  await assert.rejects(resolveCredentials(choice, 'outlook'), (e: Error) => {
    assert.match(e.message, /AADSTS700027/);
    assert.match(e.message, /Certificates & secrets/);
    return true;
  });
});

test('a wrong secret fails with AADSTS7000215 and never echoes the secret', async (t) => {
  const f = await startIdentityEmulator(t);
  const wrong = 'wrong-Secret-Value-771';
  await assert.rejects(
    resolveCredentials(choiceFor(f, { clientId: SECRET_APP, clientSecret: wrong }), 'outlook'),
    (e: Error & { status?: number; cause?: unknown }) => {
      assert.match(e.message, /^\[auth\] sign-in \(client secret for app .*\) .* failed: .*AADSTS7000215/);
      assert.match(e.message, /secret Value \(not its Secret ID\)/);
      assert.equal(e.status, 401);
      const everything = `${e.message} ${String(e.cause)} ${JSON.stringify(e)}`;
      assert.ok(!everything.includes(wrong), everything);
      return true;
    },
  );
  assert.equal(f.emu.identity!.stats().errors['7000215'], 1);
});

test('an unknown tenant fails with AADSTS90002, an unknown app with AADSTS700016', async (t) => {
  const f = await startIdentityEmulator(t);
  await assert.rejects(
    resolveCredentials(
      choiceFor(f, { tenant: 'fabrikam.example', clientId: SECRET_APP, clientSecret: SECRET }),
    ),
    /AADSTS90002: Tenant 'fabrikam\.example' not found.*check --tenant/,
  );
  await assert.rejects(
    resolveCredentials(
      choiceFor(f, { clientId: '99999999-8888-4777-8666-555555555555', clientSecret: SECRET }),
    ),
    /AADSTS700016: Application with identifier '99999999-8888-4777-8666-555555555555' was not found/,
  );
});

test('without the test CA the emulator is not trusted, and the message says what to check', async (t) => {
  const f = await startIdentityEmulator(t);
  const choice = choiceFor(f, { clientId: SECRET_APP, clientSecret: SECRET });
  const { caFile: _ignored, ...untrusted } = choice;
  await assert.rejects(resolveCredentials(untrusted, 'outlook'), (e: Error) => {
    assert.match(e.message, /certificate/i);
    assert.match(e.message, /--ca-file/);
    return true;
  });
});

test('a token is reused until shortly before expiry, and renewed after invalidate() or expiry', async (t) => {
  // 200 s tokens: MSAL itself treats them as due for renewal (its margin is 5 minutes), so the
  // provider's own memory decides reuse, driven here by an injected clock.
  const f = await startIdentityEmulator(t, {
    identity: identityConfig({ tokenLifetimeSeconds: 200 }),
  });
  let now = Date.now();
  const session = new IdentitySession({
    tenant: TENANT,
    clientId: SECRET_APP,
    mode: { kind: 'client-secret', secret: SECRET },
    authorityHost: f.emu.url,
    ca: f.emu.caCertificate!,
    now: () => now,
  });
  t.after(() => session.close());
  const p = session.provider('outlook');
  assert.equal(session.provider('outlook'), p, 'one provider per API');
  const first = await p.authorization();
  const again = await Promise.all([p.authorization(), p.authorization(), p.authorization()]);
  assert.ok(
    again.every((h) => h === first),
    'reused',
  );
  assert.equal(f.emu.identity!.stats().tokensIssued, 1);
  p.invalidate!();
  const afterInvalidate = await p.authorization();
  assert.notEqual(afterInvalidate, first);
  assert.equal(f.emu.identity!.stats().tokensIssued, 2);
  now += 150_000; // past half of the 200 s lifetime
  const afterExpiry = await p.authorization();
  assert.notEqual(afterExpiry, afterInvalidate);
  assert.equal(f.emu.identity!.stats().tokensIssued, 3);
});

test('issued tokens open the Activities API: app-only reads any mailbox, a Graph token is refused', async (t) => {
  const f = await startIdentityEmulator(t);
  const choice = choiceFor(f, { clientId: SECRET_APP, clientSecret: SECRET });
  t.after(() => closeCredentials(choice));
  const mailbox = f.emu.mailboxes[0]!.upn;
  const agent = new Agent({ connect: { ca: f.emu.caCertificate! } });
  t.after(() => agent.close());
  const get = async (authorization: string, who: string) => {
    const res = await request(`${f.emu.url}/api/v2.0/${who}/Activities?$top=1`, {
      dispatcher: agent,
      headers: { authorization, prefer: 'exchange.behavior="ActivityAccess"' },
    });
    return { status: res.statusCode, body: await res.body.text() };
  };
  const outlook = await (await resolveCredentials(choice, 'outlook')).authorization();
  const graph = await (await resolveCredentials(choice, 'graph')).authorization();
  const ok = await get(outlook, `Users('${mailbox}')`);
  assert.equal(ok.status, 200, ok.body);
  assert.equal((JSON.parse(ok.body) as { value: unknown[] }).value.length, 1);
  const me = await get(outlook, 'me');
  assert.equal(me.status, 400);
  assert.match(me.body, /app-only token has no signed-in user/);
  const wrongAudience = await get(graph, `Users('${mailbox}')`);
  assert.equal(wrongAudience.status, 401);
  assert.match(wrongAudience.body, /issued for https:\/\/graph\.microsoft\.com/);
});
