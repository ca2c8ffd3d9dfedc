/**
 * The scenario's fixed calendar. No clock is read: the period is 2018-01-08 (a Monday) to
 * 2018-07-05, the last day before Microsoft closed the API (activities-api.md §0.1), so every
 * timestamp is reproducible. The office keeps US Eastern hours, 13:00–21:30 UTC.
 *
 * @module
 */
import type { Rng } from '../prng.js';

export const PERIOD_START = Date.UTC(2018, 0, 8);
export const PERIOD_END = Date.UTC(2018, 6, 5, 23, 59, 59, 999);
export const DAY_MS = 86_400_000;
export const WORK_START_UTC_H = 13;
export const WORK_END_UTC_H = 21.5;

/** Midnight UTC of every day of the period. */
export function periodDays(): number[] {
  const days: number[] = [];
  for (let d = PERIOD_START; d <= PERIOD_END; d += DAY_MS) days.push(d);
  return days;
}

export function isWeekend(day: number): boolean {
  const wd = new Date(day).getUTCDay();
  return wd === 0 || wd === 6;
}

/** A random instant inside the working hours of `day`. */
export function workTime(rng: Rng, day: number): number {
  return (
    day + (WORK_START_UTC_H + rng.next() * (WORK_END_UTC_H - WORK_START_UTC_H)) * 3_600_000 + rng.int(0, 999)
  );
}

/** A random instant anywhere in `day`. */
export function anyTime(rng: Rng, day: number): number {
  return day + Math.floor(rng.next() * DAY_MS);
}

/** ISO 8601 with milliseconds and Z, the TimeStamp form of activities-api.md §3.1 [I]. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `M/D/YYYY h:mm:ss AM`, the ReceivedTime form attested by S13. */
export function receivedTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
