/**
 * Builds {@link ActivityFields} the same way for every file format, so a CSV row and the JSON
 * record it was written from yield deep-equal fields: empty and missing standard values become
 * null (they are one thing on the wire and one empty cell in the CSV), and CustomProperties
 * collapse with Python dict semantics (last duplicate wins, first position kept).
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import type { ActivityFields } from '../activities-api/normalize.js';

/**
 * CustomProperties → ordered map, as the retriever's `{p['Name']: p['Value'] for p in props}`
 * did: a repeated Name keeps the position of its first occurrence and takes the last value. A
 * missing Value becomes null (the retriever would have crashed on it). Entries without a string
 * Name are skipped here; `activityProblems` reports them before this is called.
 */
export function collapseCustomProperties(props: unknown): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  if (!Array.isArray(props)) return out;
  for (const p of props as unknown[]) {
    if (p === null || typeof p !== 'object') continue;
    const { Name, Value } = p as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string') continue;
    out.set(Name, Value === undefined ? null : (Value as JsonValue));
  }
  return out;
}

/**
 * A map as a plain object, in the map's order. `__proto__` is defined as an own property so a
 * hostile property name cannot change the object's prototype.
 */
export function mapToObject(map: ReadonlyMap<string, JsonValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of map) {
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

/** A standard value as ActivityFields holds it: text, or null for empty, null or missing. */
export function textOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Fields of a wire activity that passed `activityProblems` (so TimeStamp and ActivityIdType are
 * non-empty strings).
 */
export function fieldsFromActivity(a: Readonly<Record<string, unknown>>): ActivityFields {
  return {
    TimeStamp: a.TimeStamp as string,
    AppIdType: textOrNull(a.AppIdType),
    ActivityIdType: a.ActivityIdType as string,
    ActivityItemId: textOrNull(a.ActivityItemId),
    ActivityCreationTime: textOrNull(a.ActivityCreationTime),
    ClientSessionId: textOrNull(a.ClientSessionId),
    properties: mapToObject(collapseCustomProperties(a.CustomProperties)),
  };
}
