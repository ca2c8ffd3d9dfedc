import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signInEventTypesClause, signInsFilter, signInsUrl } from './signins-query.js';
import type { GraphSlice } from './slices.js';

const slice: GraphSlice = {
  key: 'u000-w0000',
  users: ['cfo@x'],
  start: '2026-08-01T00:00:00.000Z',
  end: '2026-08-02T00:00:00.000Z',
};

test('sign-in event types: one any() clause after the time and user clauses; none without types', () => {
  assert.equal(signInEventTypesClause([]), undefined);
  assert.equal(
    signInEventTypesClause(['nonInteractiveUser']),
    "signInEventTypes/any(t: t eq 'nonInteractiveUser')",
  );
  assert.equal(
    signInsFilter(slice, ['interactiveUser', 'nonInteractiveUser']),
    "createdDateTime ge 2026-08-01T00:00:00.000Z and createdDateTime lt 2026-08-02T00:00:00.000Z and userPrincipalName eq 'cfo@x' and signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser')",
  );
  assert.equal(signInsFilter(slice, []), signInsFilter(slice));
  const url = new URL(signInsUrl('https://g.example', 'beta', slice, 50, ['servicePrincipal']));
  assert.equal(
    url.searchParams.get('$filter'),
    `${signInsFilter(slice)} and signInEventTypes/any(t: t eq 'servicePrincipal')`,
  );
  assert.equal(url.searchParams.get('$top'), '50');
});
