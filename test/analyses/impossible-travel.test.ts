/**
 * The impossible-travel rule on sign-ins with coordinates: a trip no airliner makes is found,
 * a plausible one and sign-ins without coordinates are not, and the sign-in from the newcomer
 * place is named the suspect, whichever came later, also across the antimeridian and near the
 * poles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATK, OWN, run, signIn } from './_source-events.js';

test('impossible-travel: Paris then Lagos an hour later; not a plausible trip, not without coordinates', () => {
  const pos = run(
    [
      signIn('2026-03-11T08:00', '198.51.100.10', { sessionId: OWN }, 48.86, 2.35),
      signIn('2026-03-11T09:00', '203.0.113.45', { sessionId: ATK }, 6.45, 3.39),
    ],
    'impossible-travel',
  );
  assert.equal(pos.findings.length, 1);
  assert.equal(pos.findings[0]!.sessionId, ATK);
  assert.match(pos.findings[0]!.summary, /47\d\d km/);
  const slow = run(
    [
      signIn('2026-03-11T08:00', '198.51.100.10', { sessionId: OWN }, 48.86, 2.35),
      signIn('2026-03-11T16:00', '203.0.113.45', { sessionId: ATK }, 6.45, 3.39),
    ],
    'impossible-travel',
  );
  const noCoords = run(
    [
      signIn('2026-03-11T08:00', '198.51.100.10', { sessionId: OWN }),
      signIn('2026-03-11T08:10', '203.0.113.45', { sessionId: ATK }),
    ],
    'impossible-travel',
  );
  assert.deepEqual([slow.findings.length, noCoords.findings.length], [0, 0]);
});

test('impossible-travel blames the newcomer place, not whichever sign-in came later', () => {
  // The owner has signed in from Paris since the day before; the intruder's Lagos session and
  // the owner's Paris refreshes alternate: every finding names the intruder's session.
  const r = run(
    [
      signIn('2026-03-10T07:00', '198.51.100.10', { sessionId: OWN }, 48.86, 2.35),
      signIn('2026-03-11T08:00', '203.0.113.45', { sessionId: ATK }, 6.45, 3.39),
      signIn('2026-03-11T08:30', '198.51.100.10', { sessionId: OWN }, 48.86, 2.35),
      signIn('2026-03-11T09:00', '203.0.113.45', { sessionId: ATK }, 6.45, 3.39),
      signIn('2026-03-11T09:30', '198.51.100.11', { sessionId: OWN }, 48.85, 2.3),
    ],
    'impossible-travel',
  );
  assert.equal(r.findings.length, 3);
  assert.deepEqual(new Set(r.findings.map((f) => f.sessionId)), new Set([ATK]));
  const earlier = r.findings.filter((f) => /the earlier sign-in is the suspect/.test(f.summary));
  assert.equal(earlier.length, 2, 'Lagos then Paris: the earlier (Lagos) sign-in is named');
  assert.ok(earlier.every((f) => f.summary.startsWith('Sign-in from 203.0.113.45')));
});

test('impossible-travel: places are recognised across the antimeridian and near the poles', () => {
  // Suva's two sides of the 180th meridian are one place (about 20 km apart), as are two
  // points 100 km apart at 78° N: the owner's later sign-ins there are not the newcomers.
  for (const [[lat1, lon1], [lat2, lon2]] of [
    [
      [-17.8, 179.9],
      [-17.8, -179.9],
    ],
    [
      [78.2, 15.6],
      [78.9, 11.9],
    ],
  ] as const) {
    const r = run(
      [
        signIn('2026-03-10T07:00', '198.51.100.10', { sessionId: OWN }, lat1, lon1),
        signIn('2026-03-11T08:00', '203.0.113.45', { sessionId: ATK }, 6.45, 3.39),
        signIn('2026-03-11T08:30', '198.51.100.11', { sessionId: OWN }, lat2, lon2),
      ],
      'impossible-travel',
    );
    assert.equal(r.findings.length, 1, `${lat2},${lon2}`);
    assert.equal(r.findings[0]!.sessionId, ATK, `${lat2},${lon2}: ${r.findings[0]!.summary}`);
  }
});
