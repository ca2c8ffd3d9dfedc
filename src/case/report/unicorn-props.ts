/**
 * A targeted reader of the CustomProperties Python dict literal for the streaming `unicorn`
 * path: it walks `{'Key': value, …}` in the CSV bytes and records where the few wanted values
 * are (slots), building no string for anything else. It accepts exactly what
 * csv-scan.ts's `extractProps` accepts and reads each value the same way (doubled CSV quotes,
 * Python escapes, `True`/`False`/`None`/numbers); anything else goes to the full literal parser
 * (python-literal.ts), and a dict that parser rejects makes the scan give up
 * ({@link FastScanUnsupported}) so the caller falls back to the general path.
 *
 * @module
 */
import type { PropertyValue } from '../../model/event.js';
import { parsePythonLiteral } from '../../sources/activities-files/python-literal.js';
import { FastScanUnsupported, unescapePython } from './csv-scan.js';

/** The properties the five reports read, as slot numbers. */
export const PROP = {
  Subject: 0,
  SenderSmtpAddress: 1,
  SenderAddress: 2,
  From: 3,
  ReceivedTime: 4,
  InternetMessageId: 5,
  MoveType: 6,
  TargetFolder: 7,
  DestinationFolder: 8,
  DeleteType: 9,
  ClientIP: 10,
  UserName: 11,
  UserAgent: 12,
  Result: 13,
  IPAddress: 14,
  Browser: 15,
  SuggestionStimulus: 16,
  Query: 17,
  AttachmentAction: 18,
  // Read by the analyses but not by the five reports: extracted all the same, so a value the
  // fast reader cannot decode sends the record to the full parser exactly as csv-scan.ts does.
  DeliveredFolderType: 19,
  SourceFolder: 20,
  SelectedFolderName: 21,
  SourceDefaultFolderType: 22,
  CreationFolder: 23,
} as const;
const NAMES = Object.keys(PROP);
const SLOTS = NAMES.length;

/** Slot kinds. */
export const ABSENT = 0;
/** buf[start, end) is the value's exact UTF-8 text, with nothing to unescape and no control character. */
export const PLAIN = 1;
/** `text[slot]` holds the value (decoded string, or a non-string value's JSON). */
export const TEXT = 2;

const QUOTE = 0x22;
const APOS = 0x27;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/** Which keys a dict read wants: a bit per slot. */
export type PropMask = number;

/** Every slot: the property set csv-scan.ts extracts (ANALYSIS_PROPERTIES). */
export const ALL_PROPS: PropMask = (1 << SLOTS) - 1;

/** Keys by byte length, for matching without building strings. */
const KEYS: { slot: number; bytes: Uint8Array }[][] = [];
for (let slot = 0; slot < SLOTS; slot++) {
  const bytes = new TextEncoder().encode(NAMES[slot]!);
  (KEYS[bytes.length] ??= []).push({ slot, bytes });
}

export class PropSlots {
  readonly kind = new Uint8Array(SLOTS);
  readonly start = new Int32Array(SLOTS);
  readonly end = new Int32Array(SLOTS);
  /** Values of TEXT slots; `isString[slot]` tells a string from a non-string value's JSON. */
  readonly text: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  readonly isString = new Uint8Array(SLOTS);

  /** Reads the wanted entries of the dict literal in buf[s, e). `dq`: the CSV field was quoted. */
  read(buf: Buffer, s: number, e: number, dq: boolean, want: PropMask): void {
    this.kind.fill(ABSENT);
    if (e <= s) return;
    if (buf[s] !== 0x7b /* { */) return this.slow(buf, s, e, dq, want);
    let i = s + 1;
    if (buf[i] === 0x7d && i + 1 === e) return;
    for (;;) {
      // A key with an escape cannot spell a wanted name: no flags needed.
      if (!skipLiteral(buf, i, e, dq)) return this.slow(buf, s, e, dq, want);
      i = litNext;
      if (buf[i] !== 0x3a /* : */ || buf[i + 1] !== 0x20) return this.slow(buf, s, e, dq, want);
      const slot = keySlot(buf, litStart, litEnd, want);
      i += 2;
      const c = buf[i];
      if (c === APOS || c === QUOTE) {
        if (slot < 0) {
          if (!skipLiteral(buf, i, e, dq)) return this.slow(buf, s, e, dq, want);
        } else {
          if (!literal(buf, i, e, dq)) return this.slow(buf, s, e, dq, want);
          if (litFlags === 0) {
            this.kind[slot] = PLAIN;
            this.start[slot] = litStart;
            this.end[slot] = litEnd;
          } else {
            let value = buf.toString('utf8', litStart, litEnd);
            if (dq && litQuote === APOS && value.includes('""')) value = value.replace(/""/g, '"');
            if (litFlags & ESCAPED) {
              const decoded = unescapePython(value);
              if (decoded === null) return this.slow(buf, s, e, dq, want);
              value = decoded;
            }
            this.setText(slot, value);
          }
        }
        i = litNext;
      } else {
        let j = i;
        while (j < e && buf[j] !== COMMA && buf[j] !== 0x7d) j++;
        const token = buf.toString('latin1', i, j);
        if (!/^(True|False|None|-?\d+(\.\d+)?)$/.test(token)) return this.slow(buf, s, e, dq, want);
        if (slot >= 0) {
          if (token === 'None') this.kind[slot] = ABSENT;
          else this.setValue(slot, token === 'True' ? true : token === 'False' ? false : Number(token));
        }
        i = j;
      }
      if (buf[i] === 0x7d /* } */ && i + 1 === e) return;
      if (buf[i] !== COMMA || buf[i + 1] !== 0x20) return this.slow(buf, s, e, dq, want);
      i += 2;
    }
  }

  /** The value of a slot as a string (`propText` rules: absent, null and '' are null). */
  string(buf: Buffer, slot: number): string | null {
    const k = this.kind[slot];
    if (k === PLAIN)
      return this.end[slot]! > this.start[slot]!
        ? buf.toString('utf8', this.start[slot]!, this.end[slot]!)
        : null;
    if (k === TEXT) return this.text[slot] === '' ? null : this.text[slot]!;
    return null;
  }

  /** True when the slot holds a non-empty value. */
  present(slot: number): boolean {
    const k = this.kind[slot];
    if (k === PLAIN) return this.end[slot]! > this.start[slot]!;
    return k === TEXT && this.text[slot] !== '';
  }

  /** True when the slot holds exactly the string `expected` (ASCII). */
  equals(buf: Buffer, slot: number, expected: string): boolean {
    const k = this.kind[slot];
    if (k === TEXT) return this.isString[slot] === 1 && this.text[slot] === expected;
    if (k !== PLAIN) return false;
    const s = this.start[slot]!;
    if (this.end[slot]! - s !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (buf[s + i] !== expected.charCodeAt(i)) return false;
    return true;
  }

  private setText(slot: number, value: string): void {
    this.kind[slot] = TEXT;
    this.text[slot] = value;
    this.isString[slot] = 1;
  }

  private setValue(slot: number, value: PropertyValue): void {
    if (value === null || value === undefined) {
      this.kind[slot] = ABSENT;
      return;
    }
    if (typeof value === 'string') return this.setText(slot, value);
    this.kind[slot] = TEXT;
    this.text[slot] = JSON.stringify(value);
    this.isString[slot] = 0;
  }

  /** The full Python literal parser (csv-scan.ts `slowProps`). */
  private slow(buf: Buffer, s: number, e: number, dq: boolean, want: PropMask): void {
    this.kind.fill(ABSENT);
    let t = buf.toString('utf8', s, e);
    if (dq) t = t.replace(/""/g, '"');
    const r = parsePythonLiteral(t);
    if (!r.ok || r.value === null || typeof r.value !== 'object' || Array.isArray(r.value))
      throw new FastScanUnsupported('CustomProperties is not a Python dict literal');
    const dict = r.value as Record<string, PropertyValue>;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (!(want & (1 << slot))) continue;
      const name = NAMES[slot]!;
      if (Object.prototype.hasOwnProperty.call(dict, name)) this.setValue(slot, dict[name]!);
    }
  }
}

// --- Internal helpers ---

const ESCAPED = 1;
const UNSAFE = 2;

/**
 * Bytes a string literal's scan stops at: both quotes, backslash, control characters (line feed
 * included: the reader puts one after the last byte it holds), DEL. Everything else is skipped
 * with one table lookup a byte.
 */
const STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOP[c] = 1;
STOP[QUOTE] = STOP[APOS] = STOP[BACKSLASH] = STOP[0x7f] = 1;

/** Results of the last {@link literal} call (module state: nothing is allocated per literal). */
let litStart = 0;
let litEnd = 0;
let litNext = 0;
let litFlags = 0;
let litQuote = 0;

/**
 * A Python str literal at buf[i] ('…' or "…", the latter as ""…"" inside a CSV-quoted field),
 * found exactly as csv-scan.ts `stringLiteral` finds it. Flags: ESCAPED (a backslash inside),
 * UNSAFE (a `"` or a control character inside: not copyable as is).
 */
function literal(buf: Buffer, i: number, e: number, dq: boolean): boolean {
  const q = buf[i]!;
  if (q !== APOS && q !== QUOTE) return false;
  const open = q === QUOTE && dq ? 2 : 1;
  if (open === 2 && buf[i + 1] !== QUOTE) return false;
  const start = i + open;
  let flags = 0;
  let slashes = 0;
  let j = start;
  for (;;) {
    const run = j;
    // Past e only while no byte of STOP comes, and the buffer holds one at its end (or ends).
    while (STOP[buf[j]!] === 0) j++;
    if (j >= e) return false;
    if (j > run) slashes = 0;
    const c = buf[j]!;
    if (c === q) {
      if (slashes % 2 === 1) {
        slashes = 0;
        flags |= UNSAFE;
        j++;
        continue;
      }
      if (open === 2 && buf[j + 1] !== QUOTE) return false;
      litStart = start;
      litEnd = j;
      litNext = j + open;
      litFlags = flags;
      litQuote = q;
      return true;
    }
    if (c === BACKSLASH) {
      slashes++;
      flags |= ESCAPED;
    } else {
      slashes = 0;
      // A control character, DEL, or the other quote: only `"` is unsafe of the two.
      if (c !== APOS) flags |= UNSAFE;
    }
    j++;
  }
}

/** As {@link literal}, without flags: for keys and unwanted values (the end is all that matters). */
function skipLiteral(buf: Buffer, i: number, e: number, dq: boolean): boolean {
  const q = buf[i]!;
  const open = q === QUOTE && dq ? 2 : 1;
  if (open === 2 && buf[i + 1] !== QUOTE) return false;
  const start = i + open;
  const fast = q === APOS || q === QUOTE;
  let j = start;
  for (;;) {
    if (fast) {
      while (STOP[buf[j]!] === 0) j++;
      if (j >= e) return false;
      if (buf[j] !== q) {
        j++;
        continue;
      }
    } else {
      while (j < e && buf[j] !== q) j++;
      if (j >= e) return false;
    }
    let b = j - 1;
    while (b >= start && buf[b] === BACKSLASH) b--;
    if ((j - 1 - b) % 2 === 1) {
      j++;
      continue;
    }
    if (open === 2 && buf[j + 1] !== QUOTE) return false;
    litStart = start;
    litEnd = j;
    litNext = j + open;
    return true;
  }
}

function keySlot(buf: Buffer, s: number, e: number, want: PropMask): number {
  const list = KEYS[e - s];
  if (list === undefined) return -1;
  outer: for (const k of list) {
    if (!(want & (1 << k.slot))) continue;
    const b = k.bytes;
    for (let x = 0; x < b.length; x++) if (buf[s + x] !== b[x]) continue outer;
    return k.slot;
  }
  return -1;
}
