/**
 * Sort keys for `TimeStamp` values. The API's timestamps may carry up to seven fraction digits
 * (the .NET tick resolution, [U] in activities-api.md §9), which a JavaScript millisecond loses, so
 * a key is the pair (epoch milliseconds, sub-millisecond ticks of 100 ns). Two arrays of numbers
 * hold the pair exactly, where a single double could not (1.5e12 ms × 1e4 exceeds 2^53).
 *
 * @module
 */

/** A point in time with 100 ns resolution. */
export interface TimeKey {
  /** Milliseconds since the Unix epoch. */
  readonly ms: number;
  /** 100-nanosecond ticks inside that millisecond, 0–9999. */
  readonly ticks: number;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Why a text is not a usable DateTimeOffset, or `null` when it is. */
export type TimeKeyResult = { key: TimeKey; problem?: undefined } | { key?: undefined; problem: string };

/**
 * Parses `YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|±hh:mm)`. A missing zone is a problem when
 * `requireZone` is set (OData DateTimeOffset literals need one) and means UTC otherwise (lenient
 * reading of data files). Impossible dates such as February 30 are refused.
 */
export function parseTimeKey(text: string, requireZone: boolean): TimeKeyResult {
  const m = ISO_DATETIME.exec(text);
  if (!m) return { problem: 'expected an ISO 8601 date-time such as 2018-05-01T00:00:00Z' };
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (!zone && requireZone) return { problem: 'the zone is missing (end it with Z or ±hh:mm)' };
  const digits = (frac + '0000000').slice(0, 7);
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(digits.slice(0, 3)),
  );
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return { problem: 'no such calendar date or time of day' };
  }
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetMin = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    if (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59)
      return { problem: 'the zone offset is out of range' };
    ms -= sign * offsetMin * 60_000;
  }
  return { key: { ms, ticks: Number(digits.slice(3)) } };
}

/** Orders two keys: negative, zero or positive. */
export function compareTimeKeys(aMs: number, aTicks: number, bMs: number, bTicks: number): number {
  return aMs !== bMs ? aMs - bMs : aTicks - bTicks;
}
