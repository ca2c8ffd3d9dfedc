import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventId } from '../../model/ids.js';
import type { JsonObject } from '../audit/json-fields.js';
import { normalizeSignIn } from './normalize.js';

const BASE = {
  id: '66EA54EB-6301-4EE5-BE62-FF5A759B0199',
  createdDateTime: '2026-03-11T09:15:00Z',
  userPrincipalName: 'CFO@contoso.example',
  ipAddress: '198.51.100.23',
  status: { errorCode: 0 },
  sessionId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  uniqueTokenIdentifier: 'Zz9Yy8Xx7Ww6Vv5Uu4TtAA',
};

function normalize(extra: JsonObject) {
  const data: JsonObject = { ...BASE, ...extra };
  const { events, issues } = normalizeSignIn(data, {
    adapter: 'entra-signin-json',
    locator: { file: 'signins.json', row: 1 },
    rawSha256: '0'.repeat(64),
    raw: data,
  });
  assert.deepEqual(issues, []);
  assert.equal(events.length, 1);
  return events[0]!;
}

test('interactive or not, whatever form the sign-in came in; id and session untouched', () => {
  const cases: [JsonObject, string][] = [
    [{ isInteractive: false, signInEventTypes: ['nonInteractiveUser'] }, 'NonInteractiveUserSignInLogs'],
    [{ isInteractive: true, signInEventTypes: ['interactiveUser'] }, 'SignInLogs'],
    // v1.0: no signInEventTypes.
    [{ isInteractive: false }, 'NonInteractiveUserSignInLogs'],
    // CSV exports (Graph PowerShell Export-Csv) write booleans and collections as text.
    [{ IsInteractive: 'False' }, 'NonInteractiveUserSignInLogs'],
    [{ IsInteractive: 'True' }, 'SignInLogs'],
    [{ SignInEventTypes: 'nonInteractiveUser' }, 'NonInteractiveUserSignInLogs'],
    [{ signInEventTypes: ['unknownFutureValue', 'servicePrincipal'] }, 'ServicePrincipalSignInLogs'],
    [{ signInEventTypes: 'constructor', isInteractive: 'false' }, 'NonInteractiveUserSignInLogs'],
    [{}, 'SignIn'],
  ];
  for (const [extra, operation] of cases) {
    const e = normalize(extra);
    assert.equal(e.operation, operation, JSON.stringify(extra));
    assert.equal(e.id, eventId('signin', [BASE.id.toLowerCase()]));
    assert.equal(e.kind, 'auth.logon');
    assert.deepEqual(e.session, { sessionId: BASE.sessionId, uniqueTokenId: BASE.uniqueTokenIdentifier });
  }
  // The recorded values stay as recorded in properties.
  const refresh = normalize({ isInteractive: false, signInEventTypes: ['nonInteractiveUser'] });
  assert.equal(refresh.properties.isInteractive, false);
  assert.deepEqual(refresh.properties.signInEventTypes, ['nonInteractiveUser']);
  assert.equal(normalize({ IsInteractive: 'False' }).properties.IsInteractive, 'False');
});
