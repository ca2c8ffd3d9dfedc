/**
 * What IP enrichment is asked for and what it returns: the options, the lookup map and the
 * description of each data source a report prints.
 *
 * @module
 */
import type { GeoInfo } from '../../analyses/logons/geo.js';

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

/** The looked-up fields of one IP, filled in by the city and ASN sources. */
export interface GeoEntry {
  country: string | null;
  region: string | null;
  city: string | null;
  asn: number | null;
  asOrg: string | null;
  latitude?: number;
  longitude?: number;
}
