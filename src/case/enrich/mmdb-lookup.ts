/**
 * Lookups in MaxMind DB files (.mmdb: MaxMind GeoIP2/GeoLite2, DB-IP), and the mapping of
 * their city and ASN records onto the looked-up fields.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import maxmind from 'maxmind';
import { UsageError } from '../../errors.js';
import type { GeoEntry, GeoSource } from './geo-types.js';

export type Rec = Record<string, unknown>;

export function applyCity(
  e: Pick<GeoEntry, 'country' | 'region' | 'city' | 'latitude' | 'longitude'>,
  rec: Rec,
): void {
  // Coordinates let the impossible-travel rule work on any looked-up IP, not only on sign-ins
  // that carry their own (DB-IP lite: top-level latitude/longitude; MaxMind: location.*).
  const loc = (rec.location as Rec | undefined) ?? rec;
  if (typeof loc.latitude === 'number' && typeof loc.longitude === 'number') {
    e.latitude = loc.latitude;
    e.longitude = loc.longitude;
  }
  // DB-IP lite (ip-location-db): { city, country_code, state1 }; MaxMind: { city: { names }, country: { iso_code }, subdivisions }.
  const country =
    (rec.country_code as string | undefined) ??
    ((rec.country as Rec | undefined)?.iso_code as string | undefined);
  const cityVal = rec.city;
  const city =
    typeof cityVal === 'string'
      ? cityVal
      : (((cityVal as Rec | undefined)?.names as Rec | undefined)?.en as string | undefined);
  const sub = (rec.subdivisions as Rec[] | undefined)?.[0];
  const region =
    (rec.state1 as string | undefined) ?? ((sub?.names as Rec | undefined)?.en as string | undefined);
  if (country) e.country = country;
  if (city) e.city = city;
  if (region) e.region = region;
}

export function applyAsn(e: Pick<GeoEntry, 'asn' | 'asOrg'>, rec: Rec): void {
  const asn = rec.autonomous_system_number ?? rec.asn;
  const org = rec.autonomous_system_organization ?? rec.organization ?? rec.as_org;
  if (typeof asn === 'number') e.asn = asn;
  else if (typeof asn === 'string' && /^\d+$/.test(asn.replace(/^AS/i, '')))
    e.asn = Number(asn.replace(/^AS/i, ''));
  if (typeof org === 'string') e.asOrg = org;
}

export async function mmdbLookup(
  file: string,
  ips: readonly string[],
  kind: 'city' | 'asn',
  apply: (ip: string, rec: Rec) => void,
): Promise<GeoSource> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`[report] GeoIP database not found: ${file}`);
  let reader: Awaited<ReturnType<typeof maxmind.open>>;
  try {
    reader = await maxmind.open(path, { cache: { max: 1 } });
  } catch (err) {
    throw new UsageError(`[report] Cannot read ${file} as a MaxMind DB (.mmdb): ${(err as Error).message}`, {
      cause: err,
    });
  }
  let lookups = 0;
  for (const ip of ips) {
    const v6file = reader.metadata.ipVersion === 6;
    if (!v6file && ip.includes(':')) continue;
    lookups++;
    const rec = reader.get(ip) as Rec | null;
    if (rec) apply(ip, rec);
  }
  const md = reader.metadata;
  const desc = md.description as unknown as Record<string, string> | string | undefined;
  const en = typeof desc === 'string' ? desc : desc?.en;
  return {
    kind,
    files: [path],
    description: `${md.databaseType}${en ? ` — ${en}` : ''}`,
    buildDate: md.buildEpoch instanceof Date ? md.buildEpoch.toISOString().slice(0, 10) : null,
    attribution: null,
    lookups,
  };
}
