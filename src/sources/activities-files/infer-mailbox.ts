/**
 * Which mailbox does an Activities file belong to? CSV files and saved pages do not say, but
 * every `ServerLogon` names the account in its `UserName` property. When they all agree the
 * importer can use that name; when they disagree it must ask the investigator rather than
 * guess, because a delegate or an attacker's account would otherwise be taken for the owner.
 *
 * @module
 */
import type { ActivityFields } from '../activities-api/normalize.js';

export type MailboxInference =
  /** Every ServerLogon UserName is this address (compared and returned lower-cased). */
  | { readonly mailbox: string }
  /** Several names, most frequent first (ties by name); spelled as first seen. */
  | { readonly conflict: readonly { readonly name: string; readonly count: number }[] }
  /** No ServerLogon carried a UserName. */
  | { readonly none: true };

/** Incremental tally, for use while streaming records. */
export class MailboxTally {
  private readonly counts = new Map<string, { name: string; count: number }>();

  add(fields: ActivityFields): void {
    if (fields.ActivityIdType !== 'ServerLogon') return;
    const v = fields.properties.UserName;
    if (typeof v !== 'string' || v.trim() === '') return;
    const name = v.trim();
    const key = name.toLowerCase();
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { name, count: 1 });
  }

  result(): MailboxInference {
    const entries = [...this.counts.entries()];
    if (entries.length === 0) return { none: true };
    if (entries.length === 1) return { mailbox: entries[0]![0] };
    const conflict = entries
      .map(([, e]) => ({ name: e.name, count: e.count }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { conflict };
  }
}

/** Infers the mailbox from the ServerLogon records among `records` (see {@link MailboxInference}). */
export function inferMailbox(records: Iterable<ActivityFields>): MailboxInference {
  const tally = new MailboxTally();
  for (const f of records) tally.add(f);
  return tally.result();
}
