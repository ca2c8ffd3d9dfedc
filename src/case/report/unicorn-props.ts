/**
 * A targeted reader of the CustomProperties Python dict literal for the streaming `unicorn`
 * path: it walks `{'Key': value, …}` in the CSV bytes and records where the few wanted values
 * are (slots), building no string for anything else. It accepts exactly what
 * python-dict-props.ts's `extractProps` accepts and reads each value the same way (doubled CSV quotes,
 * Python escapes, `True`/`False`/`None`/numbers); anything else goes to the full literal parser
 * (python-literal.ts), and a dict that parser rejects makes the scan give up
 * ({@link FastScanUnsupported}) so the caller falls back to the general path.
 *
 * @module
 */
import type { PropertyValue } from '../../model/event.js';
import { parseDictLiteral, unescapePython } from './python-dict-props.js';
import {
  ESCAPED,
  literal,
  litEnd,
  litFlags,
  litNext,
  litQuote,
  litStart,
  skipLiteral,
  skipUnescapedLiteral,
} from './unicorn-literal-scan.js';

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
/** Slots below this one are the reports' own (the others are only checked, see above). */
export const ROW_SLOTS = PROP.DeliveredFolderType;
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

  /**
   * Reads the wanted entries of the dict literal in buf[s, e). `dq`: the CSV field was quoted;
   * `noBackslash`: the caller knows buf[s, e) holds no backslash (keys and unwanted values are
   * then skipped with the native byte search).
   */
  read(buf: Buffer, s: number, e: number, dq: boolean, want: PropMask, noBackslash = false): void {
    this.kind.fill(ABSENT);
    if (e <= s) return;
    const skip = noBackslash ? skipUnescapedLiteral : skipLiteral;
    if (buf[s] !== 0x7b /* { */) return this.slow(buf, s, e, dq, want);
    let i = s + 1;
    if (buf[i] === 0x7d && i + 1 === e) return;
    for (;;) {
      // A key with an escape cannot spell a wanted name: no flags needed.
      if (!skip(buf, i, e, dq)) return this.slow(buf, s, e, dq, want);
      i = litNext;
      if (buf[i] !== 0x3a /* : */ || buf[i + 1] !== 0x20) return this.slow(buf, s, e, dq, want);
      const slot = keySlot(buf, litStart, litEnd, want);
      i += 2;
      const c = buf[i];
      if (c === APOS || c === QUOTE) {
        if (slot < 0) {
          if (!skip(buf, i, e, dq)) return this.slow(buf, s, e, dq, want);
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

  /**
   * The slots located by another reader (unicorn-chunk-reader.ts): `count` (slot, start, end)
   * triples at d[o], every other slot absent.
   */
  located(d: Int32Array, o: number, count: number): void {
    this.kind.fill(ABSENT);
    for (let k = 0; k < count; k++, o += 3) {
      const slot = d[o]!;
      this.kind[slot] = PLAIN;
      this.start[slot] = d[o + 1]!;
      this.end[slot] = d[o + 2]!;
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

  /** The full Python literal parser (python-dict-props.ts `parseDictLiteral`). */
  private slow(buf: Buffer, s: number, e: number, dq: boolean, want: PropMask): void {
    this.kind.fill(ABSENT);
    const dict = parseDictLiteral(buf, s, e, dq);
    for (let slot = 0; slot < SLOTS; slot++) {
      if (!(want & (1 << slot))) continue;
      const name = NAMES[slot]!;
      if (Object.prototype.hasOwnProperty.call(dict, name)) this.setValue(slot, dict[name]!);
    }
  }
}

// --- Internal helpers ---

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
