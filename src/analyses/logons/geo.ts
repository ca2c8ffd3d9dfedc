/**
 * IP enrichment as the analyses see it: a plain map from IP to what the offline databases say.
 * The case layer reads the databases (file I/O) for the distinct IPs only and hands this map
 * in; analyses never open a file.
 *
 * @module
 */
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
