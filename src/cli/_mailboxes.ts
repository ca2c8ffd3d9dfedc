/**
 * The mailboxes a command is asked about, from `--user` (repeatable) and `--users-file` (one UPN
 * per line, `#` starts a comment, BOM and CRLF tolerated). Every bad entry is refused with the
 * flag or the file and line that gave it; duplicates count once.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

const UPN = /^[^\s@'()]+@[^\s@'()]+$/;

export interface MailboxListOptions {
  /** Prefix of error messages, e.g. `[fetch]`. */
  readonly component?: string;
  /** Keep each UPN as written (the last spelling of a duplicate) instead of lower-casing it. */
  readonly keepCase?: boolean;
}

export async function collectMailboxes(
  users: readonly string[],
  file: string | undefined,
  { component = '[fetch]', keepCase = false }: MailboxListOptions = {},
): Promise<string[]> {
  const list: string[] = [];
  for (const upn of users) {
    if (!UPN.test(upn))
      throw new UsageError(`${component} --user ${JSON.stringify(upn)} is not a mailbox UPN`);
    list.push(upn);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`${component} cannot read --users-file ${file}: ${(err as Error).message}`);
    }
    for (const [i, line] of text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .entries()) {
      const upn = line.replace(/#.*$/, '').trim();
      if (upn === '') continue;
      if (!UPN.test(upn))
        throw new UsageError(`${component} ${file} line ${i + 1}: not a mailbox UPN: ${JSON.stringify(upn)}`);
      list.push(upn);
    }
  }
  const unique = [...new Map(list.map((u) => [u.toLowerCase(), keepCase ? u : u.toLowerCase()])).values()];
  if (unique.length === 0)
    throw new UsageError(`${component} name at least one mailbox with --user or --users-file`);
  return unique;
}
