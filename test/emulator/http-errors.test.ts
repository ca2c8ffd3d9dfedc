/**
 * Every refusal of the emulator, over real loopback HTTP: routes, methods, the Prefer flag,
 * authentication (bearer and Basic), mailbox rights and the routing hint.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { A, ALICE_PATH, B, call, startTestEmulator } from './_helpers.js';

const CREDENTIALS = {
  tokens: { 'tok-a': { user: A, mailboxes: [A] } },
  basic: { [A]: { password: 'pw', mailboxes: [A, B] } },
};
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator({ credentials: CREDENTIALS });
});
after(() => emu.close());

describe('routes', () => {
  for (const path of [
    `/api/v2.0/Users('${A}')/Activities`,
    `/api/v1.0/Users('${A.toUpperCase()}')/Activities`,
    `/api/beta/users/${A}/Activities`,
    `/api/v2.0/Users(%27alice%40contoso.example%27)/Activities`,
    `/api/v2.0/me/Activities`,
    `/api/v2.0/Users('${A}')/Activities/`,
  ]) {
    test(`serves ${path}`, async () => {
      const r = await call(emu.url, `${path}?$top=1`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('content-type'), 'application/json; odata.metadata=none; charset=utf-8');
      assert.equal(r.json.value?.length, 1);
    });
  }

  for (const [path, segment] of [
    ['/', 'api'],
    ['/foo', 'foo'],
    ['/api/v3.0/me/Activities', 'v3.0'],
    ['/api/v2.0/me/Messages', 'Messages'],
    ['/api/v2.0/Groups/Activities', 'Groups'],
    ['/api/v2.0/me/Activities/x', 'x'],
    ["/api/v2.0/Users('')/Activities", "Users('')"],
  ] as const) {
    test(`404 for ${path}`, async () => {
      const r = await call(emu.url, path);
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, {
        error: {
          code: 'RequestBroker-ParseUri',
          message: `Resource not found for the segment '${segment === 'api' ? '' : segment}'.`,
        },
      });
    });
  }

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    test(`405 for ${method}`, async () => {
      const r = await call(emu.url, ALICE_PATH, {}, method);
      assert.equal(r.status, 405);
      assert.equal(r.headers.get('allow'), 'GET');
      assert.equal(r.json.error?.code, 'ErrorInvalidRequest');
    });
  }

  test('unknown mailbox with a token for every mailbox: 404 ErrorNonExistentMailbox', async () => {
    const r = await call(emu.url, "/api/v2.0/Users('nobody@contoso.example')/Activities");
    assert.equal(r.status, 404);
    assert.equal(r.json.error?.code, 'ErrorNonExistentMailbox');
  });
});

describe('Prefer header', () => {
  test('missing: 400 RequestBroker-ParseUri for the segment Activities', async () => {
    const r = await call(emu.url, ALICE_PATH, { prefer: null });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: { code: 'RequestBroker-ParseUri', message: "Resource not found for the segment 'Activities'." },
    });
  });
  test('another behaviour only: 400', async () => {
    const r = await call(emu.url, ALICE_PATH, { prefer: 'exchange.behavior="SignalAccessV2"' });
    assert.equal(r.status, 400);
  });
  test('several preferences and flags: accepted', async () => {
    const r = await call(emu.url, ALICE_PATH, {
      prefer: 'odata.maxpagesize=5, exchange.behavior="SignalAccessV2,ActivityAccess"',
    });
    assert.equal(r.status, 200);
  });
});

describe('authentication', () => {
  const check401 = async (headers: Record<string, string | null>, reason: RegExp) => {
    const r = await call(emu.url, ALICE_PATH, headers);
    assert.equal(r.status, 401);
    const challenge = r.headers.get('www-authenticate') ?? '';
    assert.match(challenge, /Bearer realm="",error="invalid_token"/);
    assert.match(challenge, /Basic/);
    const diag = r.headers.get('x-ms-diagnostics') ?? '';
    assert.match(diag, /^2000001;reason="[^";=]+";error_category="invalid_token"$/);
    // The CrowdStrike client's parser: split on ';', take reason=…, strip the quotes.
    const parsed = diag
      .split(';')
      .find((f) => f.startsWith('reason'))!
      .split('=')[1]!
      .slice(1, -1);
    assert.match(parsed, reason);
    assert.ok(!diag.includes('test-token') && !diag.includes('pw'), 'no secret in diagnostics');
  };
  test('no Authorization', () => check401({ authorization: null }, /No access token/));
  test('malformed bearer', () => check401({ authorization: 'Bearer' }, /cannot be parsed/));
  test('unknown token', () => check401({ authorization: 'Bearer nope' }, /not valid/));
  test('unsupported scheme', () => check401({ authorization: 'Negotiate abc' }, /not supported/));
  test('Basic wrong password', () => check401({ authorization: basic(A, 'wrong') }, /incorrect/));
  test('Basic unknown user', () => check401({ authorization: basic('x@y', 'pw') }, /incorrect/));
  test('Basic not base64', () => check401({ authorization: 'Basic %%%' }, /cannot be parsed/));

  test('Basic good: reads both granted mailboxes, me = the user', async () => {
    for (const path of [ALICE_PATH, `/api/v2.0/Users('${B}')/Activities`, '/api/v1.0/me/Activities']) {
      const r = await call(emu.url, `${path}?$top=1`, { authorization: basic(A.toUpperCase(), 'pw') });
      assert.equal(r.status, 200, `${path}: ${r.text}`);
    }
  });

  test('token for another mailbox without rights: 403 ErrorAccessDenied', async () => {
    const r = await call(emu.url, `/api/v2.0/Users('${B}')/Activities`, { authorization: 'Bearer tok-a' });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, {
      error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' },
    });
  });

  test('me resolves to the token user', async () => {
    const me = await call(emu.url, '/api/v2.0/me/Activities?$top=5', { authorization: 'Bearer tok-a' });
    const direct = await call(emu.url, `${ALICE_PATH}?$top=5`, { authorization: 'Bearer tok-a' });
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, direct.json);
  });
});

describe('X-AnchorMailbox', () => {
  test('matching anchor (any case) is accepted', async () => {
    assert.equal((await call(emu.url, ALICE_PATH, { 'x-anchormailbox': A.toUpperCase() })).status, 200);
    assert.equal(
      (
        await call(emu.url, '/api/v2.0/me/Activities', {
          'x-anchormailbox': A,
          authorization: 'Bearer tok-a',
        })
      ).status,
      200,
    );
  });
  test('mismatch: 400 ErrorIncorrectRoutingHint', async () => {
    const r = await call(emu.url, ALICE_PATH, { 'x-anchormailbox': B });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: {
        code: 'ErrorIncorrectRoutingHint',
        message: `The x-anchor mailbox '${B}' does not match the target of the request.`,
      },
    });
  });
  test('me resolves to the token user before comparing', async () => {
    const r = await call(emu.url, '/api/v2.0/me/Activities', {
      'x-anchormailbox': B,
      authorization: 'Bearer tok-a',
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.code, 'ErrorIncorrectRoutingHint');
  });
});

test('keep-alive: the connection is reused', async () => {
  const r = await call(emu.url, `${ALICE_PATH}?$top=1`);
  assert.equal(r.headers.get('connection'), 'keep-alive');
});
