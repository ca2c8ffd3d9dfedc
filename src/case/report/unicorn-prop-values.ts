/**
 * The wanted CustomProperties of the record being read (unicorn-props.ts slots) as the `unicorn`
 * fast path stores them: interned ids of the compact index, or TSV-escaped bytes for the
 * deferred rows.
 *
 * @module
 */
import type { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import { escapeTsvValue } from '../../report/tsv.js';
import { PLAIN, PROP, PropSlots, TEXT } from './unicorn-props.js';

export class PropValues {
  readonly props = new PropSlots();

  constructor(private readonly idx: UnicornCompactIndex) {}

  /** The InternetMessageId's interned id (the slot must be present). */
  imid(buf: Buffer): number {
    const p = this.props;
    const s = PROP.InternetMessageId;
    return p.kind[s] === PLAIN
      ? this.idx.imids.intern(buf, p.start[s]!, p.end[s]!)
      : this.idx.imids.internString(p.text[s]!);
  }

  /**
   * Text id + 1 of a slot's value, TSV-escaped; 0 when absent or empty. `dedupe`: intern
   * (senders repeat); else append (subjects and received times mostly do not).
   */
  text(buf: Buffer, slot: number, dedupe = false): number {
    const p = this.props;
    const k = p.kind[slot];
    const texts = this.idx.texts;
    if (k === PLAIN) {
      const s = p.start[slot]!;
      const e = p.end[slot]!;
      if (e === s) return 0;
      return (dedupe ? texts.intern(buf, s, e) : texts.append(buf, s, e)) + 1;
    }
    if (k === TEXT && p.text[slot] !== '') return texts.internString(escapeTsvValue(p.text[slot]!)) + 1;
    return 0;
  }

  sender(buf: Buffer): number {
    const p = this.props;
    if (p.present(PROP.SenderSmtpAddress)) return this.text(buf, PROP.SenderSmtpAddress, true);
    if (p.present(PROP.SenderAddress)) return this.text(buf, PROP.SenderAddress, true);
    return this.text(buf, PROP.From, true);
  }

  /** Bytes a slot's value may take once escaped. */
  slotMax(slot: number): number {
    const p = this.props;
    if (p.kind[slot] === PLAIN) return p.end[slot]! - p.start[slot]!;
    if (p.kind[slot] === TEXT) return p.text[slot]!.length * 3;
    return 0;
  }

  /** A slot's value as in the reports: the text, or '' when absent. */
  copySlot(buf: Buffer, slot: number, b: Buffer, o: number): number {
    const p = this.props;
    if (p.kind[slot] === PLAIN) return copyEscaped(buf, p.start[slot]!, p.end[slot]!, b, o);
    if (p.kind[slot] === TEXT) return o + b.write(escapeTsvValue(p.text[slot]!), o, 'utf8');
    return o;
  }
}

/** Copies buf[s, e) to b at o, TSV-escaped; returns the end. */
export function copyEscaped(buf: Buffer, s: number, e: number, b: Buffer, o: number): number {
  for (let k = s; k < e; k++) {
    const c = buf[k]!;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x5c)
      return o + b.write(escapeTsvValue(buf.toString('utf8', s, e)), o, 'utf8');
  }
  // Buffer#copy makes a view per call: a loop is cheaper up to about 64 bytes (measured).
  if (e - s > 64) return o + buf.copy(b, o, s, e);
  for (let k = s; k < e; k++) b[o++] = buf[k]!;
  return o;
}
