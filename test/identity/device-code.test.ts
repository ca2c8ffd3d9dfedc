/**
 * Delegated sign-in with a device code: MSAL polls the emulator's token endpoint while a person
 * approves the code on the verification page (posted here over HTTPS); one sign-in then serves
 * other APIs silently. Declined codes, apps without public client flows, and polling rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'undici';
import { closeCredentials, resolveCredentials } from '../../src/case/fetch/credentials.js';
import { makeActivities } from '../fetch/_dataset.js';
import {
  ANALYST,
  CONFIDENTIAL_ONLY_APP,
  PUBLIC_APP,
  choiceFor,
  identityConfig,
  startIdentityEmulator,
  submitDeviceLogin,
  userCodeOf,
  type IdentityFixture,
} from './_identity.js';

const payloadOf = (header: string) =>
  JSON.parse(Buffer.from(header.split(' ')[1]!.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

/** A device-code choice whose message callback approves (or declines) on the verification page. */
function approvingChoice(f: IdentityFixture, action: 'approve' | 'decline', messages: string[]) {
  const pages: Promise<{ status: number; html: string }>[] = [];
  const choice = choiceFor(f, {
    clientId: PUBLIC_APP,
    deviceCode: true,
    onDeviceCode: (message) => {
      messages.push(message);
      pages.push(submitDeviceLogin(f, userCodeOf(message), ANALYST, action));
    },
  });
  return { choice, pages };
}

test('device code: approved on the verification page, then one sign-in serves a second API silently', async (t) => {
  const f = await startIdentityEmulator(t);
  const messages: string[] = [];
  const { choice, pages } = approvingChoice(f, 'approve', messages);
  t.after(() => closeCredentials(choice));
  const outlook = await resolveCredentials(choice, 'outlook');
  const graph = await resolveCredentials(choice, 'graph');
  assert.equal(messages.length, 1, 'the user signs in once');
  assert.match(messages[0]!, new RegExp(`open the page ${f.emu.url.replace(/[.]/g, '\\.')}/devicelogin`));
  const page = await pages[0]!;
  assert.equal(page.status, 200);
  assert.match(page.html, /You have signed in to mailtrail \(device code\) as analyst@contoso\.example/);
  const o = payloadOf(await outlook.authorization());
  const g = payloadOf(await graph.authorization());
  assert.equal(o.upn, ANALYST);
  assert.equal(o.scp, 'Mail.Read');
  assert.equal(o.aud, 'https://outlook.office.com');
  assert.equal(g.scp, 'AuditLog.Read.All');
  assert.equal(g.aud, 'https://graph.microsoft.com');
  const stats = f.emu.identity!.stats();
  assert.equal(stats.byGrant.device_code, 1);
  assert.equal(stats.byGrant.refresh_token, 1, 'the second API came from the refresh token');
  assert.match(outlook.description, /device code sign-in for app/);
});

test('a delegated token reads the signed-in user’s own mailbox only', async (t) => {
  const f = await startIdentityEmulator(t, {
    data: {
      mailboxes: { [ANALYST]: makeActivities(5, 1), 'someone.else@contoso.example': makeActivities(5, 2) },
    },
  });
  const messages: string[] = [];
  const { choice } = approvingChoice(f, 'approve', messages);
  t.after(() => closeCredentials(choice));
  const header = await (await resolveCredentials(choice, 'outlook')).authorization();
  const agent = new Agent({ connect: { ca: f.emu.caCertificate! } });
  t.after(() => agent.close());
  const get = async (who: string) =>
    (
      await request(`${f.emu.url}/api/v2.0/${who}/Activities`, {
        dispatcher: agent,
        headers: { authorization: header, prefer: 'exchange.behavior="ActivityAccess"' },
      })
    ).statusCode;
  assert.equal(await get('me'), 200);
  assert.equal(await get(`Users('someone.else@contoso.example')`), 403);
});

test('a declined code ends the sign-in with a clear message', async (t) => {
  const f = await startIdentityEmulator(t);
  const { choice } = approvingChoice(f, 'decline', []);
  await assert.rejects(resolveCredentials(choice, 'outlook'), (e: Error) => {
    assert.match(e.message, /authorization_declined/);
    assert.match(e.message, /declined the sign-in/);
    return true;
  });
});

test('an app without public client flows cannot use a device code (AADSTS7000218)', async (t) => {
  const f = await startIdentityEmulator(t, {
    identity: identityConfig({ deviceCode: { autoApprove: { upn: ANALYST, afterPolls: 1 } } }),
  });
  const choice = choiceFor(f, { clientId: CONFIDENTIAL_ONLY_APP, deviceCode: true });
  await assert.rejects(
    resolveCredentials(choice, 'outlook'),
    /invalid_client.*Allow public client flows.*AADSTS7000218/,
  );
});

test('auto-approval after N polls; the verification page refuses unknown and reused codes', async (t) => {
  const f = await startIdentityEmulator(t, {
    identity: identityConfig({ deviceCode: { autoApprove: { upn: ANALYST, afterPolls: 2 } } }),
  });
  const messages: string[] = [];
  const choice = choiceFor(f, {
    clientId: PUBLIC_APP,
    deviceCode: true,
    onDeviceCode: (m) => messages.push(m),
  });
  t.after(() => closeCredentials(choice));
  const p = await resolveCredentials(choice, 'graph');
  assert.equal(payloadOf(await p.authorization()).upn, ANALYST);
  assert.equal(f.emu.identity!.stats().errors['70016'], 1, 'one authorization_pending before approval');
  const reused = await submitDeviceLogin(f, userCodeOf(messages[0]!), ANALYST);
  assert.equal(reused.status, 400);
  assert.match(reused.html, /already used/);
  const unknown = await submitDeviceLogin(f, 'NOPE12345', ANALYST);
  assert.equal(unknown.status, 400);
  assert.match(unknown.html, /not valid/);
});

test('device code: Ctrl-C while waiting for the approval ends the sign-in at once', async (t) => {
  const f = await startIdentityEmulator(t);
  const controller = new AbortController();
  const messages: string[] = [];
  const choice = choiceFor(f, {
    clientId: PUBLIC_APP,
    deviceCode: true,
    signal: controller.signal,
    // Nobody approves: the user presses Ctrl-C instead.
    onDeviceCode: (message) => {
      messages.push(message);
      setTimeout(() => controller.abort(new Error('interrupted by the user')), 50);
    },
  });
  t.after(() => closeCredentials(choice));
  await assert.rejects(resolveCredentials(choice, 'graph'), /interrupted by the user/);
  assert.equal(messages.length, 1, 'one device code was shown and none after the interrupt');
});
