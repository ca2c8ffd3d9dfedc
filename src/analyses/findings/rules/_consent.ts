/**
 * Shared by the two consent rules: what an `app.consent` event grants.
 *
 * @module
 */
import type { AnalysisEvent } from '../../types.js';
import { textOf } from './_rule-fields.js';

/** Permissions that give an application the mailbox itself, or lasting access. */
const MAIL_SCOPES =
  /\b(Mail\.[A-Za-z.]+|offline_access|full_access_as_app|EWS\.AccessAsUser\.All|IMAP\.AccessAsUser\.All|POP\.AccessAsUser\.All|SMTP\.Send|MailboxSettings\.ReadWrite)\b/g;

/** The mail-related permissions named anywhere in the consent record's properties. */
export function mailScopes(e: Pick<AnalysisEvent, 'properties'>): string[] {
  const found = new Set<string>();
  for (const [k, v] of Object.entries(e.properties)) {
    if (!/permission|scope|consent/i.test(k)) continue;
    for (const m of textOf(v).matchAll(MAIL_SCOPES)) found.add(m[0]);
  }
  return [...found].sort();
}

export function consentSummary(e: AnalysisEvent, scopes: string[]): string {
  return `${e.actor ?? 'An unknown account'} consented to application ${e.text === null ? '(unnamed)' : JSON.stringify(e.text)} from ${e.ip ?? 'an unknown IP'}${scopes.length > 0 ? `, granting ${scopes.join(' ')}` : ''}`;
}
