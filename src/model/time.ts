/**
 * Instants are UTC and carry millisecond precision. The canonical text form is
 * `YYYY-MM-DDTHH:MM:SS.mmmZ`, which sorts lexicographically in time order. Time zones are applied
 * only when printing (report layer), never here.
 *
 * @module
 */

/** An ISO 8601 UTC timestamp with exactly three fraction digits and a `Z`. */
export type Instant = string & { readonly __instant: unique symbol };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParseInstantOptions {
  /**
   * What a timestamp without a zone designator means. Audit records (`CreationTime`) are UTC
   * without a `Z`, so the default is `'utc'`; `'reject'` refuses such values.
   */
  readonly zoneless?: 'utc' | 'reject';
}

/**
 * Parses an ISO 8601 date-time into an {@link Instant}. Fractions beyond milliseconds are
 * truncated (the original text stays in the event's raw record). Returns `null` for anything
 * that is not a valid date-time, including impossible dates such as February 30.
 */
export function parseInstant(text: string, options: ParseInstantOptions = {}): Instant | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (!zone && options.zoneless === 'reject') return null;
  const ms = Number((frac + '000').slice(0, 3));
  let epoch = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(epoch);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    epoch -= sign * offsetMin * 60_000;
  }
  return fromEpochMs(epoch);
}

/**
 * Parses the US-style `M/D/YYYY h:mm:ss AM|PM` text that Exchange writes into properties such as
 * `ReceivedTime`, taking it as UTC. Returns `null` when the text does not have that shape.
 */
export function parseUsDateTime(text: string): Instant | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(text.trim());
  if (!m) return null;
  const [, mo, d, y, hText, mi, s = '00', ampm] = m;
  let h = Number(hText);
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (ampm.toUpperCase() === 'PM' && h !== 12) h += 12;
    if (ampm.toUpperCase() === 'AM' && h === 12) h = 0;
  }
  const pad = (v: string | number) => String(v).padStart(2, '0');
  return parseInstant(`${y}-${pad(mo!)}-${pad(d!)}T${pad(h)}:${mi}:${s}Z`);
}

/** Formats epoch milliseconds as an {@link Instant}. */
export function fromEpochMs(ms: number): Instant {
  return new Date(ms).toISOString() as Instant;
}

/** Epoch milliseconds of an {@link Instant}. */
export function toEpochMs(instant: Instant): number {
  return Date.parse(instant);
}
