/**
 * IP enrichment as the analyses see it: a plain map from IP to what the offline databases say.
 * The case layer reads the databases (file I/O) for the distinct IPs only and hands this map
 * in; analyses never open a file.
 *
 * @module
 */
import type { AnalysisEvent } from '../types.js';
import { specialRange } from './ip-class.js';

export interface GeoInfo {
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string | null;
  readonly region: string | null;
  readonly city: string | null;
  readonly asn: number | null;
  readonly asOrg: string | null;
  /** Special-purpose range (private, documentation, ...): such addresses are not looked up. */
  readonly range: string | null;
  /**
   * City coordinates, when the enrichment provides them (the bundled DB-IP data and MaxMind city
   * databases do; sign-ins also carry their own, see {@link coordinatesOf}).
   */
  readonly latitude?: number;
  readonly longitude?: number;
}

export type GeoLookup = ReadonlyMap<string, GeoInfo>;

export const NO_GEO: GeoInfo = {
  country: null,
  region: null,
  city: null,
  asn: null,
  asOrg: null,
  range: null,
};

/** The enrichment of an IP: from the lookup, else its special range, else nothing. */
export function geoOf(ip: string | null, geo: GeoLookup | undefined): GeoInfo {
  if (ip === null) return NO_GEO;
  const hit = geo?.get(ip);
  if (hit) return hit;
  const range = specialRange(ip);
  return range ? { ...NO_GEO, range } : NO_GEO;
}

/** A point on Earth, in degrees. */
export interface Coordinates {
  readonly lat: number;
  readonly lon: number;
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Where a sign-in came from: the sign-in's own `location.geoCoordinates` (Entra sign-in logs),
 * else the enrichment's latitude/longitude for its IP; null when neither is known (no country
 * centroids are guessed). (0, 0) is treated as unknown.
 */
export function coordinatesOf(
  e: Pick<AnalysisEvent, 'ip' | 'properties'>,
  geo: GeoLookup | undefined,
): Coordinates | null {
  const lat = num(e.properties['location.geoCoordinates.latitude']);
  const lon = num(e.properties['location.geoCoordinates.longitude']);
  if (lat !== undefined && lon !== undefined && (lat !== 0 || lon !== 0)) return { lat, lon };
  const g = geoOf(e.ip, geo);
  if (g.latitude !== undefined && g.longitude !== undefined && (g.latitude !== 0 || g.longitude !== 0))
    return { lat: g.latitude, lon: g.longitude };
  return null;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
