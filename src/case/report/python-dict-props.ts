/**
 * The wanted entries of a CustomProperties Python dict literal, read straight from the CSV bytes
 * for csv-scan.ts: no string is built for unwanted keys, and anything unusual (nested values, odd
 * spacing) goes to the full literal parser ({@link parseDictLiteral}).
 *
 * @module
 */
import type { PropertyValue } from '../../model/event.js';
import { parsePythonLiteral } from '../../sources/activities-files/python-literal.js';
import { FastScanUnsupported } from './csv-bytes.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const APOS = 0x27;

/** Node's native decoder, without Buffer#toString's argument checks (hot path). */
const utf8 = (buf: Buffer, s: number, e: number): string =>
  (buf as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(s, e);

/**
 * The wanted entries of a Python dict literal in buf[s, e). `dq`: the field was CSV-quoted, so
 * every `"` of the literal appears doubled. Falls back to the full literal parser for anything
 * unusual (nested values, odd spacing).
 */
export function extractProps(
  buf: Buffer,
  s: number,
  e: number,
  dq: boolean,
  want: ReadonlySet<string>,
): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  if (e <= s) return out;
  if (buf[s] !== 0x7b /* { */) return slowProps(buf, s, e, dq, want);
  let i = s + 1;
  if (buf[i] === 0x7d && i + 1 === e) return out;
  for (;;) {
    // key
    if (!stringLiteral(buf, i, e, dq)) return slowProps(buf, s, e, dq, want);
    i = litNext;
    if (buf[i] !== 0x3a /* : */ || buf[i + 1] !== 0x20) return slowProps(buf, s, e, dq, want);
    const keyText = litEscaped ? null : wantedKey(buf, litStart, litEnd, want);
    i += 2;
    const c = buf[i];
    if (c === APOS || c === QUOTE) {
      if (!stringLiteral(buf, i, e, dq)) return slowProps(buf, s, e, dq, want);
      if (keyText !== null) {
        let value = utf8(buf, litStart, litEnd);
        if (dq && litQuote === APOS && value.includes('""')) value = value.replace(/""/g, '"');
        if (litEscaped) {
          const decoded = unescapePython(value);
          if (decoded === null) return slowProps(buf, s, e, dq, want);
          value = decoded;
        }
        define(out, keyText, value);
      }
      i = litNext;
    } else {
      let j = i;
      while (j < e && buf[j] !== COMMA && buf[j] !== 0x7d) j++;
      const token = buf.toString('latin1', i, j);
      if (!/^(True|False|None|-?\d+(\.\d+)?)$/.test(token)) return slowProps(buf, s, e, dq, want);
      if (keyText !== null)
        define(
          out,
          keyText,
          token === 'True' ? true : token === 'False' ? false : token === 'None' ? null : Number(token),
        );
      i = j;
    }
    if (buf[i] === 0x7d /* } */ && i + 1 === e) return out;
    if (buf[i] !== COMMA || buf[i + 1] !== 0x20) return slowProps(buf, s, e, dq, want);
    i += 2;
  }
}

const keyTables = new WeakMap<ReadonlySet<string>, Map<number, { name: string; bytes: Buffer }[]>>();

/** The wanted key spelled by buf[s, e), compared byte for byte (no string is built for other keys). */
function wantedKey(buf: Buffer, s: number, e: number, want: ReadonlySet<string>): string | null {
  let table = keyTables.get(want);
  if (!table) {
    table = new Map();
    for (const name of want) {
      const bytes = Buffer.from(name, 'utf8');
      const list = table.get(bytes.length);
      if (list) list.push({ name, bytes });
      else table.set(bytes.length, [{ name, bytes }]);
    }
    keyTables.set(want, table);
  }
  const candidates = table.get(e - s);
  if (!candidates) return null;
  outer: for (const c of candidates) {
    const b = c.bytes;
    for (let k = 0; k < b.length; k++) if (buf[s + k] !== b[k]) continue outer;
    return c.name;
  }
  return null;
}

function define(out: Record<string, PropertyValue>, key: string, value: PropertyValue): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Results of the last {@link stringLiteral} call (module state, to allocate nothing per literal). */
let litStart = 0;
let litEnd = 0;
let litNext = 0;
let litEscaped = false;
let litQuote = 0;

/** A Python str literal at buf[i] ('…' or "…", the latter as ""…"" inside a CSV-quoted field). */
function stringLiteral(buf: Buffer, i: number, e: number, dq: boolean): boolean {
  const q = buf[i]!;
  if (q !== APOS && q !== QUOTE) return false;
  const open = q === QUOTE && dq ? 2 : 1;
  if (open === 2 && buf[i + 1] !== QUOTE) return false;
  const start = i + open;
  let j = start;
  let escaped = false;
  for (;;) {
    const c = buf.indexOf(q, j);
    if (c < 0 || c >= e) return false;
    // Count the backslashes just before the quote.
    let b = c - 1;
    while (b >= start && buf[b] === BACKSLASH) b--;
    const slashes = c - 1 - b;
    if (slashes > 0) escaped = true;
    if (slashes % 2 === 1) {
      j = c + 1;
      continue;
    }
    if (!escaped)
      for (let k = j; k < c; k++)
        if (buf[k] === BACKSLASH) {
          escaped = true;
          break;
        }
    if (open === 2 && buf[c + 1] !== QUOTE) return false;
    litStart = start;
    litEnd = c;
    litNext = c + open;
    litEscaped = escaped;
    litQuote = q;
    return true;
  }
}

/** Python string escapes (repr only writes \\ \' \" \n \r \t \xNN \uNNNN \UNNNNNNNN). */
export function unescapePython(s: string): string | null {
  let bad = false;
  const out = s.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\\'"nrtabfv0]|.)/g,
    (_m, x: string) => {
      switch (x[0]) {
        case 'x':
        case 'u':
        case 'U': {
          const cp = parseInt(x.slice(1), 16);
          if (cp > 0x10ffff) {
            bad = true;
            return '';
          }
          return String.fromCodePoint(cp);
        }
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 't':
          return '\t';
        case 'a':
          return '\x07';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'v':
          return '\v';
        case '0':
          return '\0';
        case '\\':
        case "'":
        case '"':
          return x;
        default:
          bad = true;
          return '';
      }
    },
  );
  return bad ? null : out;
}

/**
 * The Python dict literal in buf[s, e), by the full literal parser. `dq`: the field was
 * CSV-quoted. Throws FastScanUnsupported when it is not a dict.
 */
export function parseDictLiteral(
  buf: Buffer,
  s: number,
  e: number,
  dq: boolean,
): Record<string, PropertyValue> {
  let t = buf.toString('utf8', s, e);
  if (dq) t = t.replace(/""/g, '"');
  const r = parsePythonLiteral(t);
  if (!r.ok || r.value === null || typeof r.value !== 'object' || Array.isArray(r.value))
    throw new FastScanUnsupported('CustomProperties is not a Python dict literal');
  return r.value as Record<string, PropertyValue>;
}

/** The full Python literal parser, for dicts the fast extractor does not handle. */
function slowProps(
  buf: Buffer,
  s: number,
  e: number,
  dq: boolean,
  want: ReadonlySet<string>,
): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [k, v] of Object.entries(parseDictLiteral(buf, s, e, dq))) if (want.has(k)) define(out, k, v);
  return out;
}
