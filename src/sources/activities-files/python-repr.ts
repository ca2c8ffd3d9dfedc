/**
 * Python's `repr()` of the values the CrowdStrike retriever put in its CSV. The retriever wrote
 * CustomProperties as `str(dict)` of `json.loads` output, so writing a byte-identical CSV needs
 * CPython's exact rules (`unicode_repr`, `float_repr`), and reading one back needs the parser in
 * python-literal.ts, re-exported here. Both are pinned by fixtures that Python itself generated
 * (scripts/make-python-fixtures.py).
 *
 * @module
 */

export { parsePythonLiteral, type PythonParseResult } from './python-literal.js';

/**
 * A value as `json.loads` hands it to Python: str, bool, int/float, None, list, dict. JS numbers
 * cannot tell `1` from `1.0`; integral numbers are printed as Python ints.
 */
export type PythonValue =
  string | number | boolean | null | readonly PythonValue[] | { readonly [key: string]: PythonValue };

/**
 * A dict in insertion order. A `Map` keeps the order exactly (also for keys such as `"1"` that a
 * plain JS object would move to the front); a plain object is taken in its own key order.
 */
export type PythonDict = ReadonlyMap<string, PythonValue> | { readonly [key: string]: PythonValue };

/**
 * Exactly Python 3's `repr(d)` (= `str(d)`) of a dict of str → value: `{'k': 'v', 'n': None}`,
 * `{}` when empty. Strings follow CPython's `unicode_repr` (see {@link formatPythonString}),
 * numbers `int.__repr__`/`float.__repr__`, and booleans and None their names.
 */
export function formatPythonRepr(value: PythonDict): string {
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  if (entries.length === 0) return '{}';
  let out = '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    out += (i === 0 ? '' : ', ') + formatPythonString(k) + ': ' + formatPythonValue(v);
  }
  return out + '}';
}

/** Python's `repr()` of any {@link PythonValue}; lists as `[a, b]`, dicts as in {@link formatPythonRepr}. */
export function formatPythonValue(value: PythonValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return formatPythonString(value);
  if (typeof value === 'number') return formatPythonNumber(value);
  if (Array.isArray(value)) return '[' + value.map(formatPythonValue).join(', ') + ']';
  return formatPythonRepr(value as PythonDict);
}

/**
 * Python's `str()` of a value, which is what `csv.writer` writes for a cell: the text itself for
 * a string, the repr for everything else. `null`/`undefined` are the caller's business (the csv
 * module writes None as an empty cell).
 */
export function formatPythonStr(value: PythonValue): string {
  return typeof value === 'string' ? value : formatPythonValue(value);
}

/**
 * CPython's `unicode_repr`: single quotes unless the text contains `'` and no `"`; the chosen
 * quote and backslash escaped; `\t \n \r` by name; other non-printable characters (see
 * {@link isPythonPrintable}) as `\xNN`, `\uNNNN` or `\UNNNNNNNN`; everything else literal,
 * including non-ASCII. Lone surrogates are non-printable, so they come out as `\udXXX`.
 */
export function formatPythonString(text: string): string {
  const hasSingle = text.includes("'");
  const hasDouble = text.includes('"');
  const quote = hasSingle && !hasDouble ? '"' : "'";
  if (!(hasSingle && hasDouble) && !text.includes('\\') && !NEEDS_WORK.test(text))
    return quote + text + quote;
  let out = quote;
  // for..of walks code points and yields lone surrogates as single units, as Python sees them.
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
    else if (c < 0x7f || isPythonPrintable(ch)) out += ch;
    else if (c <= 0xff) out += '\\x' + hex(c, 2);
    else if (c <= 0xffff) out += '\\u' + hex(c, 4);
    else out += '\\U' + hex(c, 8);
  }
  return out + quote;
}

/**
 * `str.isprintable()` for one code point: false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and
 * Zs other than the ASCII space. Uses the JS engine's Unicode tables, so a code point assigned in
 * a newer Unicode version than the Python that wrote a file counts as printable here and as
 * unassigned (escaped) there; the fixture test lists that difference explicitly.
 */
export function isPythonPrintable(ch: string): boolean {
  return ch === ' ' || !NON_PRINTABLE.test(ch);
}

/** Python `int.__repr__` for integral numbers, `float.__repr__` otherwise (`1e-05`, `1e+16`, `inf`). */
export function formatPythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n === 0 ? 0 : n) : BigInt(n).toString();
  // float_repr_style 'short': shortest round-trip digits (as JS), but Python switches to
  // exponent notation when the decimal exponent is < -4 or >= 16 and pads it to two digits.
  const [mantissa, expText] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  const sign = n < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
}

// --- Internal helpers ---

const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/**
 * A character outside printable ASCII and the always-printable categories (letters, marks,
 * numbers, punctuation, symbols); text without one (and without backslash or both quotes) is
 * returned quoted as is, which keeps the writer fast.
 */
const NEEDS_WORK = /[^\x20-\x7e\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
