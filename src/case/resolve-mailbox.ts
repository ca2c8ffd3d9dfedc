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
import { MailboxTally } from '../sources/activities-files/infer-mailbox.js';
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
  const r = tally.result();
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
