/**
 * Matches request paths to the Activities collection:
 * `/api/{v1.0|v2.0|beta}/{me | Users('upn') | users/upn}/Activities` (activities-api.md §1.1).
 * `v2.0` + `Users('…')` is attested (CrowdStrike), `v1.0` + `me` too (AADInternals); `beta` and
 * `users/upn` are [U] and accepted for leniency. Segment names match case-insensitively, as Outlook
 * REST does elsewhere [I]. Anything else is the Exchange REST "unknown segment" error (§1.5).
 *
 * @module
 */
import { ODataError, badQuery } from '../odata/odata-error.js';

export interface ActivitiesRoute {
  readonly version: string;
  /** Target mailbox as written in the URL, or `null` for `me`. */
  readonly mailbox: string | null;
  /** The collection segment as the client spelled it (echoed in errors). */
  readonly collection: string;
}

const VERSIONS = ['v1.0', 'v2.0', 'beta'];
const USERS_KEY = /^users\('((?:[^']|'')*)'\)$/i;

/** A 404 naming the first segment that does not resolve. */
export function unknownSegment(segment: string): ODataError {
  return new ODataError(404, 'RequestBroker-ParseUri', `Resource not found for the segment '${segment}'.`);
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badQuery(`The path segment '${raw}' has malformed percent-encoding.`);
  }
}

/** Resolves a raw path (without the query) or throws a 404 {@link ODataError}. */
export function matchActivitiesRoute(rawPath: string): ActivitiesRoute {
  const segments = rawPath.split('/').slice(1).map(decodeSegment);
  // One trailing slash (…/Activities/) is tolerated, as most REST front ends do.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  const [api = '', version = '', user = ''] = segments;
  if (api.toLowerCase() !== 'api') throw unknownSegment(api);
  const v = VERSIONS.find((x) => x === version.toLowerCase());
  if (!v) throw unknownSegment(version);
  let mailbox: string | null;
  let rest: string[];
  const key = USERS_KEY.exec(user);
  if (user.toLowerCase() === 'me') {
    mailbox = null;
    rest = segments.slice(3);
  } else if (key) {
    mailbox = (key[1] as string).replace(/''/g, "'");
    rest = segments.slice(3);
  } else if (user.toLowerCase() === 'users' && segments.length > 3) {
    mailbox = segments[3] as string;
    rest = segments.slice(4);
  } else {
    throw unknownSegment(user);
  }
  if (mailbox !== null && mailbox.trim() === '') throw unknownSegment(user);
  const [collection = '', ...extra] = rest;
  if (collection.toLowerCase() !== 'activities') throw unknownSegment(collection);
  if (extra.length > 0) throw unknownSegment(extra[0] as string);
  return { version: v, mailbox, collection };
}
