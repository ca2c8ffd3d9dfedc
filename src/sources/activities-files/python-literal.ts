/**
 * A parser for the Python literals that `repr()` produces for `json.loads` output: the
 * CustomProperties cell of a CrowdStrike CSV. It accepts what `ast.literal_eval` accepts for such
 * values (strings in either quote with every escape, True/False/None, ints, floats, nested
 * lists, tuples and dicts) and never throws: a malformed cell is data to report, with the offset
 * of the problem, not a crash.
 *
 * @module
 */
import type { JsonValue } from '../../model/event.js';

/** Outcome of {@link parsePythonLiteral}; `offset` counts UTF-16 code units from the start. */
export type PythonParseResult =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly error: { readonly message: string; readonly offset: number } };

/**
 * Parses one Python literal (surrounding whitespace allowed, nothing else after it). Dicts
 * become plain objects (a repeated key keeps its first position and takes the last value, as in
 * Python); tuples become arrays; ints beyond 2^53 lose precision like any JSON number. `\N{…}`
 * escapes and string prefixes (`b''`, `r''`) are rejected; unknown escapes such as `\q` are kept
 * verbatim, as Python does.
 */
export function parsePythonLiteral(text: string): PythonParseResult {
  const p = new LiteralParser(text);
  try {
    p.skipSpace();
    const value = p.value(0);
    p.skipSpace();
    if (p.pos < text.length) p.fail(`unexpected ${describe(text, p.pos)} after the value`);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof LiteralError) return { ok: false, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}

// --- Internal helpers ---

/** Deeper nesting is refused rather than risking a stack overflow on hostile input. */
const MAX_DEPTH = 200;

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

class LiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class LiteralParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new LiteralError(message, at);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c) this.pos++;
      else break;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const t = this.text;
    const c = t[this.pos];
    if (c === undefined) this.fail('unexpected end of text, expected a value');
    if (c === "'" || c === '"') return this.string();
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    const word = c === 'T' ? 'True' : c === 'F' ? 'False' : c === 'N' ? 'None' : '';
    if (word !== '' && t.startsWith(word, this.pos) && !/\w/.test(t[this.pos + word.length] ?? '')) {
      this.pos += word.length;
      return c === 'T' ? true : c === 'F' ? false : null;
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(t);
    if (m && !/[\w.]/.test(t[this.pos + m[0].length] ?? '')) {
      this.pos += m[0].length;
      return Number(m[0]);
    }
    return this.fail(`unexpected ${describe(t, this.pos)}, expected a value`);
  }

  dict(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++; // {
    this.skipSpace();
    while (this.text[this.pos] !== '}') {
      const keyAt = this.pos;
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict key is not a string', keyAt);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after a dict key, found ${this.here()}`);
      this.pos++;
      this.skipSpace();
      const v = this.value(depth + 1);
      // '__proto__' must become an own property, not the object's prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      if (!this.separator('}')) break;
    }
    this.expect('}', 'dict');
    return out;
  }

  sequence(close: ']' | ')', depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    while (this.text[this.pos] !== close) {
      out.push(this.value(depth + 1));
      if (!this.separator(close)) break;
    }
    this.expect(close, close === ']' ? 'list' : 'tuple');
    return out;
  }

  /** After an element: consumes `,` (true: more may follow) or stops before `close` (false). */
  separator(close: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      return true;
    }
    if (this.text[this.pos] !== close) this.fail(`expected ',' or '${close}', found ${this.here()}`);
    return false;
  }

  expect(close: string, what: string): void {
    if (this.text[this.pos] !== close)
      this.fail(`unterminated ${what}: expected '${close}', found ${this.here()}`);
    this.pos++;
  }

  string(): string {
    const t = this.text;
    const start = this.pos;
    const quote = t[this.pos]!;
    this.pos++;
    let out = '';
    let run = this.pos;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('unterminated string', start);
      if (c === quote) {
        out += t.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\n' || c === '\r')
        this.fail('line break inside a string (Python repr escapes it as \\n or \\r)');
      if (c === '\\') {
        out += t.slice(run, this.pos);
        out += this.escape();
        run = this.pos;
      } else this.pos++;
    }
  }

  /** Decodes the escape at `pos` (on the backslash) and moves past it. */
  escape(): string {
    const t = this.text;
    const at = this.pos;
    const c = t[at + 1];
    if (c === undefined) this.fail('unterminated string: backslash at the end', at);
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      this.pos = at + 2;
      return simple;
    }
    if (c === '\n') {
      this.pos = at + 2; // backslash-newline is a line continuation inside a literal
      return '';
    }
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{1,3}/.exec(t.slice(at + 1, at + 4))![0];
      this.pos = at + 1 + m.length;
      return String.fromCodePoint(parseInt(m, 8));
    }
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = t.slice(at + 2, at + 2 + width);
      if (digits.length < width || !/^[0-9a-fA-F]+$/.test(digits))
        this.fail(`bad escape \\${c}: expected ${width} hex digits`, at);
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) this.fail(`bad escape \\${c}${digits}: beyond U+10FFFF`, at);
      this.pos = at + 2 + width;
      return String.fromCodePoint(code);
    }
    if (c === 'N') this.fail('\\N{...} named escapes are not supported', at);
    // Python keeps unknown escapes verbatim (with a DeprecationWarning).
    this.pos = at + 1;
    return '\\';
  }

  here(): string {
    return describe(this.text, this.pos);
  }
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of text';
  return JSON.stringify(String.fromCodePoint(text.codePointAt(pos)!));
}
