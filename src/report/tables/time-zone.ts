/**
 * Time zones at display time only (architecture §6.6): instants stay UTC everywhere else; the
 * HTML and XLSX renderers show them in the zone the analyst chose with `--tz` and say which.
 *
 * @module
 */
import { UsageError } from '../../errors.js';

/** Wall-clock fields of an instant in a zone. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a UsageError naming the zone when the runtime does not know it. */
export function checkTimeZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(
      `[report] Unknown time zone ${JSON.stringify(zone)}: give an IANA name such as UTC or Europe/Paris`,
    );
  }
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock of `epochMs` in `zone`. */
export function wallClock(epochMs: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = +p.value;
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    ms: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** Offset of `zone` from UTC at `epochMs`, in minutes (Europe/Paris in June: 120). */
export function zoneOffsetMinutes(epochMs: number, zone: string): number {
  const w = wallClock(epochMs, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return Math.round((asUtc - epochMs) / 60_000);
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** `2018-06-12 16:03:11.931` in `zone` (the same text the HTML report's script shows). */
export function formatInstant(iso: string, zone: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const w = wallClock(t, zone);
  return `${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}.${String(w.ms).padStart(3, '0')}`;
}

/** `UTC+02:00` */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${p2(Math.floor(m / 60))}:${p2(m % 60)}`;
}

/**
 * The offsets a zone used over a period, for the header ("Europe/Paris, UTC+01:00 / UTC+02:00").
 * Sampled daily: enough to see DST changes.
 */
export function offsetsOver(zone: string, start: string | null, end: string | null): string[] {
  const s = start ? Date.parse(start) : NaN;
  const e = end ? Date.parse(end) : NaN;
  if (Number.isNaN(s) || Number.isNaN(e)) return [];
  const seen = new Set<string>();
  const step = Math.max(86_400_000, Math.ceil((e - s) / 2000));
  for (let t = s; t <= e; t += step) seen.add(formatOffset(zoneOffsetMinutes(t, zone)));
  seen.add(formatOffset(zoneOffsetMinutes(e, zone)));
  return [...seen];
}
