/**
 * Which mailbox an evidence file belongs to: the file's own (emulator data set) > `--mailbox` >
 * the one every ServerLogon `UserName` names. When those names disagree, or there are none, the
 * file is refused and the investigator asked, because guessing would file a delegate's or an
 * attacker's account activity under the wrong mailbox.
 *
 * @module
 */
import { UsageError } from '../errors.js';
import { readActivityFile } from '../sources/activities-files/detect.js';
import { MailboxTally, type MailboxInference } from '../sources/activities-files/infer-mailbox.js';
import type { ActivityFileFormat } from '../sources/activities-files/types.js';

export interface MailboxResolution {
  /** Mailbox for records that name none; undefined when every record names its own. */
  readonly mailbox: string | undefined;
  readonly how: 'dataset' | 'option' | 'inferred';
}

/**
 * Resolves the mailbox of a file; may read the whole file once (inference needs every
 * ServerLogon). `display` names the file in messages.
 */
export async function resolveMailbox(
  path: string,
  format: ActivityFileFormat,
  display: string,
  option: string | undefined,
  signal?: AbortSignal,
  onRecords?: (n: number) => void,
): Promise<MailboxResolution> {
  if (format === 'emulator-dataset') return { mailbox: option?.toLowerCase(), how: 'dataset' };
  if (option !== undefined) return { mailbox: option.toLowerCase(), how: 'option' };
  const tally = new MailboxTally();
  let n = 0;
  let named = 0;
  for await (const item of readActivityFile(path, format, signal ? { signal } : {})) {
    if (item.type !== 'record') continue;
    if (item.record.mailbox !== undefined) named++;
    else tally.add(item.record.fields);
    if (++n % 10_000 === 0) onRecords?.(n);
  }
  if (n > 0 && named === n) return { mailbox: undefined, how: 'dataset' };
  return fromTally(tally.result(), display);
}

/**
 * {@link resolveMailbox} for the importer, without reading the file twice: reads only up to the
 * first ServerLogon that names an account and takes that name *provisionally*. The import pass
 * then tallies every ServerLogon (IngestContext.tally) and {@link confirmMailbox} applies the
 * rule of {@link resolveMailbox} to the whole file before anything is committed, so a file whose
 * logons disagree is still refused with the same message. A file with no such logon is read to
 * its end here and resolved exactly as before.
 */
export async function prescanMailbox(
  path: string,
  format: ActivityFileFormat,
  display: string,
  option: string | undefined,
  signal?: AbortSignal,
  onRecords?: (n: number) => void,
): Promise<MailboxResolution & { readonly provisional: boolean }> {
  if (format === 'emulator-dataset' || option !== undefined)
    return { ...(await resolveMailbox(path, format, display, option)), provisional: false };
  const tally = new MailboxTally();
  let n = 0;
  let named = 0;
  for await (const item of readActivityFile(path, format, signal ? { signal } : {})) {
    if (item.type !== 'record') continue;
    if (item.record.mailbox !== undefined) named++;
    else {
      tally.add(item.record.fields);
      const r = tally.result();
      if ('mailbox' in r) return { mailbox: r.mailbox, how: 'inferred', provisional: true };
    }
    if (++n % 10_000 === 0) onRecords?.(n);
  }
  if (n > 0 && named === n) return { mailbox: undefined, how: 'dataset', provisional: false };
  return { ...fromTally(tally.result(), display), provisional: false };
}

/**
 * Checks a provisional inference against the tally of the whole file (the records that named no
 * mailbox): throws what {@link resolveMailbox} would have thrown when the logons disagree.
 */
export function confirmMailbox(provisional: string, tally: MailboxTally, display: string): void {
  const r = fromTally(tally.result(), display);
  if (r.mailbox !== provisional) {
    // Cannot happen: the provisional name is one of the tallied names, and a single name is it.
    throw new UsageError(`[import] ${display}: the mailbox inferred from the ServerLogon records changed`);
  }
}

function fromTally(r: MailboxInference, display: string): MailboxResolution {
  if ('mailbox' in r) return { mailbox: r.mailbox, how: 'inferred' };
  if ('conflict' in r) {
    const names = r.conflict.map((c) => `${c.name} (${c.count} logon${c.count === 1 ? '' : 's'})`).join(', ');
    throw new UsageError(
      `[import] ${display}: the ServerLogon records name several accounts (${names}), so the mailbox ` +
        'this file belongs to cannot be inferred: pass --mailbox UPN',
    );
  }
  throw new UsageError(
    `[import] ${display}: no ServerLogon record names an account (UserName), so the mailbox this ` +
      'file belongs to cannot be inferred: pass --mailbox UPN',
  );
}
