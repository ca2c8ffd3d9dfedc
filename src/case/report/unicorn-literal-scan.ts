/**
 * Python str literals in the CSV bytes of a CustomProperties dict, for unicorn-props.ts: where a
 * literal starts and ends, and whether its bytes can be copied as they are.
 *
 * @module
 */

const QUOTE = 0x22;
const APOS = 0x27;
const BACKSLASH = 0x5c;

export const ESCAPED = 1;
export const UNSAFE = 2;

/**
 * Bytes a string literal's scan stops at: both quotes, backslash, control characters (line feed
 * included: the reader puts one after the last byte it holds), DEL. Everything else is skipped
 * with one table lookup a byte.
 */
const STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STOP[c] = 1;
STOP[QUOTE] = STOP[APOS] = STOP[BACKSLASH] = STOP[0x7f] = 1;

/** Results of the last {@link literal} call (module state: nothing is allocated per literal). */
export let litStart = 0;
export let litEnd = 0;
export let litNext = 0;
export let litFlags = 0;
export let litQuote = 0;

/**
 * A Python str literal at buf[i] ('…' or "…", the latter as ""…"" inside a CSV-quoted field),
 * found exactly as python-dict-props.ts `stringLiteral` finds it. Flags: ESCAPED (a backslash inside),
 * UNSAFE (a `"` or a control character inside: not copyable as is).
 */
export function literal(buf: Buffer, i: number, e: number, dq: boolean): boolean {
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
export function skipLiteral(buf: Buffer, i: number, e: number, dq: boolean): boolean {
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

/**
 * As {@link skipLiteral}, for a literal in a span the caller knows holds no backslash: the end is
 * then the next closing quote, found by the native byte search (several times faster than a loop
 * over values of a few dozen bytes). Same results as skipLiteral there.
 */
export function skipUnescapedLiteral(buf: Buffer, i: number, e: number, dq: boolean): boolean {
  const q = buf[i]!;
  if (q !== APOS && q !== QUOTE) return skipLiteral(buf, i, e, dq);
  const open = q === QUOTE && dq ? 2 : 1;
  if (open === 2 && buf[i + 1] !== QUOTE) return false;
  const start = i + open;
  const j = buf.indexOf(q, start);
  if (j < 0 || j >= e) return false;
  if (open === 2 && buf[j + 1] !== QUOTE) return false;
  litStart = start;
  litEnd = j;
  litNext = j + open;
  return true;
}
