/**
 * DuckDB values → plain JS values for summaries and the `sql` command: integers as numbers when
 * exact (else decimal strings), timestamps as ISO 8601 UTC text (the store holds UTC), lists as
 * arrays, maps and structs as objects, anything else as DuckDB prints it.
 *
 * @module
 */
import {
  DuckDBArrayValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

function isoFromMicros(micros: bigint, fallback: string): string {
  const ms = Number(micros / 1000n);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return fallback;
  const iso = new Date(ms).toISOString();
  const subMs = micros % 1000n;
  return subMs === 0n ? iso : iso.replace('Z', `${String(subMs < 0n ? -subMs : subMs).padStart(3, '0')}Z`);
}

export function plainValue(v: DuckDBValue): PlainValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue)
    return isoFromMicros(v.micros, v.toString());
  if (v instanceof DuckDBTimestampMillisecondsValue) return isoFromMicros(v.millis * 1000n, v.toString());
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(plainValue);
  if (v instanceof DuckDBStructValue) {
    const o: Record<string, PlainValue> = {};
    for (const [k, x] of Object.entries(v.entries)) o[k] = plainValue(x);
    return o;
  }
  if (v instanceof DuckDBMapValue) {
    const o: Record<string, PlainValue> = {};
    for (const { key, value } of v.entries) o[String(plainValue(key))] = plainValue(value);
    return o;
  }
  return v.toString();
}
