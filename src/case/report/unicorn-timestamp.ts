/**
 * Epoch milliseconds of a CrowdStrike TimeStamp read straight from the CSV bytes, for the
 * `unicorn` fast path (the common `YYYY-MM-DDTHH:MM:SS.mmmZ` form without building a string).
 *
 * @module
 */
import { fastInstant } from './lite-event.js';

let lastDay = -1;
let lastDayMs = 0;

/** Epoch ms of a TimeStamp (as fastInstant + toEpochMs), or null when it is unreadable. */
export function timeMs(buf: Buffer, s: number, e: number): number | null {
  if (
    e - s === 24 &&
    buf[s + 4] === 0x2d &&
    buf[s + 7] === 0x2d &&
    buf[s + 10] === 0x54 &&
    buf[s + 13] === 0x3a &&
    buf[s + 16] === 0x3a &&
    buf[s + 19] === 0x2e &&
    buf[s + 23] === 0x5a
  ) {
    const y = d4(buf, s);
    const mo = d2(buf, s + 5);
    const d = d2(buf, s + 8);
    const h = d2(buf, s + 11);
    const mi = d2(buf, s + 14);
    const sec = d2(buf, s + 17);
    const msec = d2(buf, s + 20) * 10 + d1(buf, s + 22);
    if (
      y >= 1000 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 31 &&
      h >= 0 &&
      h < 24 &&
      mi >= 0 &&
      mi < 60 &&
      sec >= 0 &&
      sec < 60 &&
      msec >= 0
    ) {
      // Records come mostly in time order: the day's epoch is remembered, not recomputed (the
      // key is one-to-one for the ranges checked above).
      const day = y * 10000 + mo * 100 + d;
      if (day === lastDay) return lastDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + msec;
      if (d <= daysIn(y, mo)) {
        lastDay = day;
        lastDayMs = Date.UTC(y, mo - 1, d);
        return lastDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + msec;
      }
    }
  }
  const t = fastInstant(buf.toString('utf8', s, e));
  return t === null ? null : Date.parse(t);
}

function d1(buf: Buffer, i: number): number {
  const c = buf[i]! - 48;
  return c >= 0 && c <= 9 ? c : -100000;
}
function d2(buf: Buffer, i: number): number {
  return d1(buf, i) * 10 + d1(buf, i + 1);
}
function d4(buf: Buffer, i: number): number {
  return d2(buf, i) * 100 + d2(buf, i + 2);
}
function daysIn(y: number, mo: number): number {
  if (mo !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}
