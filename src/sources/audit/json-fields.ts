/**
 * Field access that reconciles the spellings audit records arrive in: Exchange/PowerShell write
 * PascalCase (`ClientIPAddress`, `CreationTime`), Graph writes camelCase (`auditData`,
 * `createdDateTime`), the Graph PowerShell SDK writes PascalCase again (`IPAddress`). Lookups try
 * the exact name first and then a case-insensitive match, so one normalizer serves every form.
 * Values are never altered here: coercion helpers return derived values and leave the record as
 * it was.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';

export type JsonObject = { readonly [key: string]: JsonValue };

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const lowerKeys = new WeakMap<object, Map<string, string>>();

/** `obj[name]`, or the value of the first key equal to `name` ignoring case. */
export function field(obj: JsonValue | undefined, name: string): JsonValue | undefined {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, name)) return obj[name];
  let index = lowerKeys.get(obj);
  if (index === undefined) {
    index = new Map();
    for (const k of Object.keys(obj)) {
      const l = k.toLowerCase();
      if (!index.has(l)) index.set(l, k);
    }
    lowerKeys.set(obj, index);
  }
  const key = index.get(name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** The first of `names` present with a value other than null/undefined. */
export function firstField(obj: JsonValue | undefined, ...names: string[]): JsonValue | undefined {
  for (const n of names) {
    const v = field(obj, n);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A dotted path (`status.errorCode`), each step looked up with {@link field}. */
export function path(obj: JsonValue | undefined, dotted: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const step of dotted.split('.')) {
    cur = field(cur, step);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Text of a scalar for a *derived* field: trimmed (OriginatingServer's trailing `\r\n` and the
 * like), `undefined` when empty or not a scalar. Numbers and booleans print as JSON does.
 */
export function text(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** {@link text} of the first of `names` that has one. */
export function firstText(obj: JsonValue | undefined, ...names: string[]): string | undefined {
  for (const n of names) {
    const t = text(field(obj, n));
    if (t !== undefined) return t;
  }
  return undefined;
}

/** A number from a JSON number or a string-typed integer/decimal (`"3476"`); else undefined. */
export function toNumber(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** A boolean from `true`/`false` or the strings `"True"`/`"False"` in any case; else undefined. */
export function toBoolean(v: JsonValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return undefined;
}

/**
 * Decodes a JSON document nested in a string (`RuleActions`, `additionalDetails`, Entra
 * `ModifiedProperties[].NewValue`): strings that start with `[` or `{` and parse are returned
 * parsed; anything else (including `{(Exists(ItemClass))}` restriction text) is returned as is.
 */
export function decodeNestedJson(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  const c = t[0];
  if (c !== '[' && c !== '{') return v;
  try {
    return JSON.parse(t) as JsonValue;
  } catch {
    return v; // not JSON after all: keep the text verbatim
  }
}

/** JSON text with object keys sorted at every level: a content identity independent of key order. */
export function canonicalJson(v: JsonValue | undefined): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x)).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

/** Sets `obj[key]`, defining `__proto__` as an own property instead of touching the prototype. */
export function setOwn(obj: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Parses PowerShell 5.1's ConvertTo-Json date form `/Date(1695693094000)/` to epoch ms. */
export function msDateEpoch(v: string): number | undefined {
  const m = /^\\?\/Date\((-?\d+)(?:[+-]\d{4})?\)\\?\/$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}
