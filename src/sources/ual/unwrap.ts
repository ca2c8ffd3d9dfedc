/**
 * Finds the AuditData in one JSON record, whatever wraps it: bare AuditData (Management API
 * blobs, SOF-ELK/Extractor-Suite JSONL, Hawk JSON); a Search-UnifiedAuditLog result object
 * (`{RunspaceId, RecordType, CreationDate, UserIds, Operations, AuditData, ResultIndex, …}`,
 * AuditData as an object in Extractor-Suite `-Output JSON`, as a JSON *string* in its JSONL and
 * in Hawk's raw JSON); or a Graph `auditLogRecord` (`auditData` object, camelCase wrapper).
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';
import { field, isObject, setOwn, type JsonObject } from '../audit/json-fields.js';

export type Unwrapped =
  | { readonly ok: true; readonly data: JsonObject; readonly raw: JsonValue; readonly wrapped: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** The key holding AuditData in a wrapper (`AuditData`, `auditData`, any case), if any. */
export function auditDataKey(obj: JsonObject): string | undefined {
  if (Object.hasOwn(obj, 'AuditData')) return 'AuditData';
  if (Object.hasOwn(obj, 'auditData')) return 'auditData';
  return Object.keys(obj).find((k) => k.toLowerCase() === 'auditdata');
}

/** True when `obj` has the fields every AuditData has (any of Id, CreationTime, Operation). */
export function looksLikeAuditData(obj: JsonObject): boolean {
  return (
    field(obj, 'CreationTime') !== undefined ||
    (field(obj, 'Operation') !== undefined && field(obj, 'Workload') !== undefined) ||
    (field(obj, 'Id') !== undefined && field(obj, 'RecordType') !== undefined)
  );
}

/** Unwraps one record; the wrapper (with a string AuditData replaced by its parsed object) is `raw`. */
export function unwrapAuditRecord(value: JsonValue): Unwrapped {
  if (!isObject(value))
    return { ok: false, code: 'not_object', message: `expected an object, found ${describe(value)}` };
  const key = auditDataKey(value);
  if (key === undefined) {
    if (!looksLikeAuditData(value))
      return {
        ok: false,
        code: 'not_audit_record',
        message: 'object has neither an AuditData/auditData member nor CreationTime/Operation/Id fields',
      };
    return { ok: true, data: value, raw: value, wrapped: false };
  }
  let inner = value[key];
  if (typeof inner === 'string') {
    try {
      inner = JSON.parse(inner) as JsonValue;
    } catch (e) {
      return {
        ok: false,
        code: 'audit_data_invalid_json',
        message: `${key} is a string but not valid JSON (${(e as Error).message}); it may have been cut`,
      };
    }
    if (!isObject(inner))
      return {
        ok: false,
        code: 'audit_data_not_object',
        message: `${key} is ${describe(inner)}, not an object`,
      };
    const raw: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) setOwn(raw, k, k === key ? inner : v);
    return { ok: true, data: inner, raw, wrapped: true };
  }
  if (!isObject(inner))
    return {
      ok: false,
      code: 'audit_data_not_object',
      message: `${key} is ${describe(inner)}, not an object`,
    };
  return { ok: true, data: inner, raw: value, wrapped: true };
}

function describe(v: JsonValue | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}
