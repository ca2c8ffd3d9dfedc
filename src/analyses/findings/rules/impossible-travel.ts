import type { EventId } from '../../../model/ids.js';
import { toEpochMs, type Instant } from '../../../model/time.js';
import { coordinatesOf, distanceKm } from '../../logons/geo.js';
import { defineRule, type FindingDraft } from '../types.js';

/** Closer than this, two sign-ins are never "travel": city-level geolocation is that coarse. */
const MIN_KM = 300;

interface SignIn {
  readonly mailbox: string;
  readonly user: string;
  readonly t: number;
  readonly time: Instant;
  readonly ip: string | null;
  readonly lat: number;
  readonly lon: number;
  readonly session: string | null;
  readonly id: EventId;
  /** When the user was first seen within MIN_KM of here (see placesSeen). */
  firstSeen: number;
}

export default defineRule({
  id: 'impossible-travel',
  title: 'Sign-ins further apart than an airliner can travel',
  level: 'high',
  status: 'experimental',
  description:
    'Two successful sign-ins of the same user whose locations are further apart than the configured speed (1000 km/h by default) allows in the time between them, and at least 300 km apart. Only sign-ins with coordinates count: Entra location.geoCoordinates, or latitude/longitude from the GeoIP enrichment when it provides them; sign-ins without coordinates are skipped. The later sign-in is reported as the suspect one.',
  evaluate(ctx) {
    const all: SignIn[] = [];
    return {
      add(e) {
        if (e.kind !== 'auth.logon' || e.result === 'failure' || e.session.clientSessionId !== undefined)
          return;
        const c = coordinatesOf(e, ctx.geo);
        if (c === null) return;
        all.push({
          mailbox: e.mailbox,
          user: (e.actor ?? e.mailbox).toLowerCase(),
          t: toEpochMs(e.time),
          time: e.time,
          ip: e.ip,
          lat: c.lat,
          lon: c.lon,
          session: ctx.sessions.keyOf(e),
          id: e.id,
          firstSeen: 0,
        });
      },
      finish() {
        const out: FindingDraft[] = [];
        all.sort((a, b) =>
          a.user < b.user ? -1 : a.user > b.user ? 1 : a.t - b.t || (a.id < b.id ? -1 : 1),
        );
        placesSeen(all);
        for (let i = 1; i < all.length; i++) {
          const a = all[i - 1]!;
          const b = all[i]!;
          if (a.user !== b.user) continue;
          const km = distanceKm(a, b);
          if (km < MIN_KM) continue;
          const hours = (b.t - a.t) / 3_600_000;
          const kmh = hours > 0 ? km / hours : Number.POSITIVE_INFINITY;
          if (kmh <= ctx.options.travelKmh) continue;
          const [known, suspect] = a.firstSeen > b.firstSeen ? [b, a] : [a, b];
          out.push({
            mailbox: suspect.mailbox,
            sessionId: suspect.session,
            time: suspect.time,
            summary: `Sign-in from ${suspect.ip ?? 'an unknown IP'} at ${suspect.time} is ${Math.round(km)} km from the sign-in from ${known.ip ?? 'an unknown IP'} at ${known.time} (${Number.isFinite(kmh) ? `${Math.round(kmh)} km/h` : 'no time between them'}; limit ${ctx.options.travelKmh} km/h)${suspect === a ? '; the earlier sign-in is the suspect: the user was seen near the later one first' : ''}`,
            evidence: [a.id, b.id],
          });
        }
        return out;
      },
    };
  },
});

/**
 * Sets each sign-in's `firstSeen`: when its user was first seen within MIN_KM of it. `all` is
 * sorted by user, then time; places are kept per user in the order they appear, and a sign-in
 * belongs to the first place within reach (a user has few places, so this stays linear).
 */
function placesSeen(all: SignIn[]): void {
  let user: string | null = null;
  let places: { lat: number; lon: number; first: number }[] = [];
  for (const s of all) {
    if (s.user !== user) {
      user = s.user;
      places = [];
    }
    let place = places.find((p) => distanceKm(p, s) < MIN_KM);
    if (place === undefined) places.push((place = { lat: s.lat, lon: s.lon, first: s.t }));
    s.firstSeen = place.first;
  }
}
