/**
 * The search, read and attachment rows of the `unicorn` fast path, written to the binary scratch
 * file as they are read: their IP and message are known only at the end of the file, when
 * RowWriter (unicorn-fast-output.ts) reads them back.
 *
 * @module
 */
import type { UnicornCompactIndex } from '../../analyses/unicorn/compact-index.js';
import type { SpillFile } from './byte-files.js';
import { F_READ, F_SEARCH } from './unicorn-activity-flags.js';
import { copyEscaped, type PropValues } from './unicorn-prop-values.js';
import { PROP } from './unicorn-props.js';

/**
 * A search, read or attachment row, kept until the end of the file (see RowWriter); the spans are
 * the record's TimeStamp, ApplicationId and ActivityItemId in `buf`, `item` the latter's id
 * (unicorn-chunk-reader.ts).
 */
export function writeDeferredRow(
  sp: SpillFile,
  idx: UnicornCompactIndex,
  values: PropValues,
  buf: Buffer,
  flags: number,
  typeName: string,
  session: number,
  tsS: number,
  tsE: number,
  appS: number,
  appE: number,
  item: number,
  itS: number,
  itE: number,
): void {
  const p = values.props;
  const tag = flags & F_SEARCH ? 1 : flags & F_READ ? 2 : 3;
  let t = tsS;
  while (t < tsE && buf[t] !== 0x54 /* T */) t++;
  const querySlot = typeName === 'SearchResult' ? PROP.Query : PROP.SuggestionStimulus;
  // Worst case: every byte escaped (2×) plus the fixed fields.
  const maxText =
    tag === 1 ? values.slotMax(querySlot) : tag === 3 ? values.slotMax(PROP.AttachmentAction) : 0;
  sp.reserve(64 + 2 * (tsE - tsS + appE - appS + itE - itS + typeName.length) + 2 * maxText);
  const b = sp.buf;
  let o = sp.pos;
  b[o++] = tag;
  o = b.writeInt32LE(session, o);
  if (tag !== 1) o = b.writeInt32LE(item, o);
  if (tag === 3) {
    o = b.writeInt32LE(p.present(PROP.InternetMessageId) ? values.imid(buf) : -1, o);
    o = b.writeInt32LE(values.text(buf, PROP.Subject), o);
    o = b.writeInt32LE(values.sender(buf), o);
  }
  const lenAt = o;
  o += 4;
  o = copyEscaped(buf, tsS, t, b, o);
  b[o++] = 0x09;
  o = copyEscaped(buf, t < tsE ? t + 1 : tsE, tsE, b, o);
  b[o++] = 0x09;
  if (tag === 2) {
    o += b.write(typeName, o, 'utf8');
    b[o++] = 0x09;
  }
  o = copyEscaped(buf, appS, appE, b, o);
  b[o++] = 0x09;
  if (tag === 1) {
    o = values.copySlot(buf, querySlot, b, o);
    b[o++] = 0x09;
  }
  b.writeUInt32LE(o - lenAt - 4, lenAt);
  if (tag === 3) {
    const actionAt = o;
    o += 4;
    o = values.copySlot(buf, PROP.AttachmentAction, b, o);
    b.writeUInt32LE(o - actionAt - 4, actionAt);
    const idAt = o;
    o += 4;
    o = copyEscaped(buf, itS, itE, b, o);
    b.writeUInt32LE(o - idAt - 4, idAt);
  }
  sp.pos = o;
}
