/**
 * Helpers shared by the mailbox-rule and forwarding rules: reading inbox-rule parameters
 * (`New-InboxRule`/`Set-InboxRule` Parameters, `UpdateInboxRules` RuleActions) and addresses out
 * of the flattened property bag of UAL events.
 *
 * @module
 */
import type { PropertyValue } from '../../../model/event.js';
import type { AnalysisEvent } from '../../types.js';

/** `True`/`true`/true. */
export function isTrue(v: PropertyValue | undefined): boolean {
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/** A property as text ('' when absent). */
export function textOf(v: PropertyValue | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const ADDRESS = /[^\s;,<>[\]"'():]+@[^\s;,<>[\]"'():]+/g;

/** Every e-mail address in a value (strings, arrays, objects), lower-cased, `smtp:` dropped. */
export function addressesIn(v: PropertyValue | undefined): string[] {
  const out = new Set<string>();
  for (const m of textOf(v).matchAll(ADDRESS)) out.add(m[0].replace(/^smtp:/i, '').toLowerCase());
  return [...out];
}

/** Domain of an address (lower-cased), or null. */
export function domainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at < 0 ? null : address.slice(at + 1).toLowerCase();
}

/** `UpdateInboxRules` RuleActions as a list of objects (decoded by the normalizer). */
export function ruleActions(e: Pick<AnalysisEvent, 'properties'>): { readonly [k: string]: PropertyValue }[] {
  const v = e.properties.RuleActions;
  const list = Array.isArray(v) ? v : v !== null && typeof v === 'object' ? [v] : [];
  return list.filter(
    (a): a is { [k: string]: PropertyValue } => a !== null && typeof a === 'object' && !Array.isArray(a),
  );
}

/** Forwarding recipients of an inbox-rule event: ForwardTo, ForwardAsAttachmentTo, RedirectTo, RuleActions. */
export function ruleForwards(e: Pick<AnalysisEvent, 'properties'>): { how: string; to: string[] }[] {
  const out: { how: string; to: string[] }[] = [];
  for (const k of ['ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'] as const) {
    const v = e.properties[k];
    if (v === undefined || v === null || v === '') continue;
    const to = addressesIn(v);
    out.push({ how: k, to: to.length > 0 ? to : [textOf(v)] });
  }
  for (const a of ruleActions(e)) {
    const type = textOf(a.ActionType);
    if (!/^(forward|redirect|forwardasattachment)/i.test(type)) continue;
    const to = addressesIn(a.Recipients ?? null);
    out.push({ how: `RuleActions ${type}`, to: to.length > 0 ? to : [textOf(a.Recipients ?? null)] });
  }
  return out;
}

/** Whether an inbox-rule event removes a rule (then it cannot hide or forward anything). */
export function removesRule(e: Pick<AnalysisEvent, 'operation' | 'properties'>): boolean {
  return (
    /^(remove|disable)-inboxrule$/i.test(e.operation) || /^remove/i.test(textOf(e.properties.RuleOperation))
  );
}

/** The mailbox domains of the case (from every mailbox seen), lower-cased. */
export function caseDomains(mailboxes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const m of mailboxes) {
    const d = domainOf(m);
    if (d) out.add(d);
  }
  return out;
}
