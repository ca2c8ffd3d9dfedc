import type { PropertyValue } from '../../../model/event.js';
import { defineRule, type FindingDraft } from '../types.js';
import { isTrue, removesRule, ruleActions, ruleForwards, textOf } from './_rule-fields.js';

/** Folders where a rule hides mail from the owner (English names; localised names are not matched). */
const HIDING_FOLDERS =
  /^\\?(rss feeds|rss subscriptions|rss|archive|conversation history|deleted items|junk email|junk e-mail)$/i;

/** Names made of punctuation, symbols and spaces only, or one or two characters: typical of intruders. */
export function suspiciousRuleName(name: string | null): string | null {
  if (name === null) return null;
  if (/^[\p{P}\p{S}\s]*$/u.test(name)) return `name ${JSON.stringify(name)} is only punctuation`;
  if ([...name.trim()].length <= 2) return `name ${JSON.stringify(name)} is very short`;
  return null;
}

/** Why a rule event looks like an intruder's rule (empty when it does not). */
export function ruleReasons(e: {
  readonly operation: string;
  readonly text: string | null;
  readonly properties: Readonly<Record<string, PropertyValue>>;
}): string[] {
  if (removesRule(e)) return [];
  const p = e.properties;
  const reasons: string[] = [];
  for (const f of ruleForwards(e)) reasons.push(`${f.how} ${f.to.join(', ')}`);
  if (isTrue(p.DeleteMessage)) reasons.push('deletes the message');
  if (isTrue(p.SoftDeleteMessage)) reasons.push('soft-deletes the message');
  const move = textOf(p.MoveToFolder);
  if (move !== '' && HIDING_FOLDERS.test(move.trim())) reasons.push(`moves mail to ${move}`);
  if (isTrue(p.MarkAsRead)) reasons.push('marks mail as read');
  for (const a of ruleActions(e)) {
    const type = textOf(a.ActionType);
    if (/^(delete|permanentdelete)$/i.test(type)) reasons.push(`RuleActions ${type}`);
    else if (/^markasread$/i.test(type)) reasons.push('RuleActions MarkAsRead');
    else if (/^(move|movetofolder)$/i.test(type)) {
      const folder = textOf(a.FolderName ?? a.Folder ?? a.FolderPath ?? null);
      if (folder !== '' && HIDING_FOLDERS.test(folder.trim())) reasons.push(`RuleActions move to ${folder}`);
    }
  }
  const name = suspiciousRuleName(e.text);
  if (name !== null) reasons.push(name);
  return reasons;
}

export default defineRule({
  id: 'inbox-rule-suspicious',
  title: 'Inbox rule that forwards, deletes or hides mail',
  level: 'high',
  status: 'stable',
  description:
    'An inbox rule was created or changed that forwards or redirects mail, deletes it, moves it to a folder the owner does not watch (RSS Feeds, Archive, Conversation History, Deleted Items, Junk Email), marks it read, or whose name is only punctuation or one or two characters. Intruders use such rules to keep the owner from seeing replies to their fraud.',
  evaluate(ctx) {
    const out: FindingDraft[] = [];
    return {
      add(e) {
        if (e.kind !== 'rule.change') return;
        const reasons = ruleReasons(e);
        if (reasons.length === 0) return;
        out.push({
          mailbox: e.mailbox,
          sessionId: ctx.sessions.keyOf(e),
          time: e.time,
          summary: `${e.operation} ${e.text === null ? '(no name)' : JSON.stringify(e.text)} from ${e.ip ?? 'an unknown IP'}: ${reasons.join('; ')}`,
          evidence: [e.id],
        });
      },
      finish: () => out,
    };
  },
});
