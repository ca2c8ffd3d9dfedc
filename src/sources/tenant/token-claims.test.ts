import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audienceMatches, decodeAccessToken, grantedOneOf, grants } from './token-claims.js';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2ln`;

test('an app-only token: roles, tenant, audience GUID resolved, expiry', () => {
  const c = decodeAccessToken(
    `Bearer ${jwt({
      aud: '00000002-0000-0ff1-ce00-000000000000',
      tid: 't-1',
      appid: 'app-1',
      roles: ['Exchange.ManageAsApp'],
      exp: 1_900_000_000,
    })}`,
  );
  assert.ok(c);
  assert.equal(c.kind, 'app-only');
  assert.equal(c.tenantId, 't-1');
  assert.deepEqual(c.roles, ['Exchange.ManageAsApp']);
  assert.ok(audienceMatches(c, 'https://outlook.office365.com/'));
  assert.ok(!audienceMatches(c, 'https://graph.microsoft.com'));
  assert.equal(c.expiresAt, '2030-03-17T17:46:40.000Z');
  assert.ok(grants(c, 'exchange.manageasapp'));
});

test('a delegated token: scopes split, user, v2 azp', () => {
  const c = decodeAccessToken(
    jwt({
      aud: 'https://graph.microsoft.com',
      azp: 'app-2',
      scp: 'AuditLog.Read.All  User.Read',
      upn: 'a@x',
    }),
  );
  assert.ok(c);
  assert.equal(c.kind, 'delegated');
  assert.equal(c.appId, 'app-2');
  assert.deepEqual(c.scopes, ['AuditLog.Read.All', 'User.Read']);
  assert.equal(grantedOneOf(c, ['Directory.Read.All', 'User.Read']), 'User.Read');
  assert.equal(grantedOneOf(c, ['Directory.Read.All']), null);
});

test('opaque, encrypted and malformed tokens decode to null', () => {
  assert.equal(decodeAccessToken('demo-token'), null);
  assert.equal(decodeAccessToken('a.b.c.d.e'), null);
  assert.equal(decodeAccessToken(`x.${Buffer.from('not json').toString('base64url')}.y`), null);
  assert.equal(decodeAccessToken(`x.${b64([1, 2])}.y`), null);
});
