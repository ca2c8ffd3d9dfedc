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
    "Two successful sign-ins of the same user whose locations are further apart than the configured speed (1000 km/h by default) allows in the time between them, and at least 300 km apart. Only sign-ins with coordinates count: Entra location.geoCoordinates, or latitude/longitude from the GeoIP enrichment when it provides them; sign-ins without coordinates are skipped. The suspect is the sign-in from the newcomer place: the one where the user was first seen (within 300 km) later than at the other; when both places were first seen at the same time, the later sign-in. So a mailbox owner whose sessions keep refreshing at home while an intruder's do abroad is not blamed for the alternation.",
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

/** Grid rows of MIN_KM (in degrees of latitude). */
const ROW_DEG = MIN_KM / 111;

/**
 * Sets each sign-in's `firstSeen`: when its user was first seen within MIN_KM of it. `all` is
 * sorted by user, then time; a sign-in belongs to the earliest-founded place within reach.
 * Places are found through a grid whose cells are at least MIN_KM wide everywhere, so each
 * sign-in looks at the places of its own and the eight neighbouring cells only (a user seen at
 * thousands of places costs no more than one seen at a few).
 */
function placesSeen(all: SignIn[]): void {
  let user: string | null = null;
  let cells = new Map<string, Place[]>();
  for (const s of all) {
    if (s.user !== user) {
      user = s.user;
      cells = new Map();
    }
    const row = Math.floor((s.lat + 90) / ROW_DEG);
    let place: Place | undefined;
    for (let r = row - 1; r <= row + 1; r++)
      for (const key of cellKeys(r, s.lon))
        for (const p of cells.get(key) ?? [])
          if ((place === undefined || p.first < place.first) && distanceKm(p, s) < MIN_KM) place = p;
    if (place === undefined) {
      place = { lat: s.lat, lon: s.lon, first: s.t };
      const key = cellKeys(row, s.lon)[0]!;
      const list = cells.get(key);
      if (list) list.push(place);
      else cells.set(key, [place]);
    }
    s.firstSeen = place.first;
  }
}

/**
 * The cells of grid row `row` around longitude `lon`: its own cell's key first, then those of
 * its west and east neighbours. A row's cells are as wide as MIN_KM one row beyond its pole-ward
 * edge, so wider than that between any of its points and a point of a neighbouring row; columns
 * wrap around the antimeridian.
 */
function cellKeys(row: number, lon: number): string[] {
  const edge = Math.min(
    90,
    Math.max(Math.abs(row * ROW_DEG - 90), Math.abs((row + 1) * ROW_DEG - 90)) + ROW_DEG,
  );
  const columns = Math.max(1, Math.floor((360 * Math.cos((edge * Math.PI) / 180)) / ROW_DEG));
  const col = Math.min(columns - 1, Math.floor(((lon + 180) / 360) * columns));
  const cols = [col, (col + columns - 1) % columns, (col + 1) % columns];
  return [...new Set(cols)].map((c) => `${row}:${c}`);
}

interface Place {
  readonly lat: number;
  readonly lon: number;
  readonly first: number;
}
