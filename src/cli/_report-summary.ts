/**
 * The few lines a person reads after a report run: findings per rule, the suspect sessions and
 * the exposure. Shared by `mailtrail report` and `mailtrail demo`.
 *
 * @module
 */
import type { ReportSummary } from '../case/report/index.js';

export function reportSummaryLines(s: ReportSummary): string[] {
  const lines = [`${s.events} events, mailboxes: ${s.mailboxes.join(', ') || 'none'}`];
  for (const f of s.findings)
    lines.push(`  rule ${f.rule} (${f.level}): ${f.hits} hit${f.hits === 1 ? '' : 's'}`);
  lines.push(`suspect sessions: ${s.suspects.length}`);
  for (const x of s.suspects) {
    lines.push(
      `  ${x.sessionId}  ${x.app ?? '-'}  ${x.ip ?? 'no IP'}  ${x.start} – ${x.end}  (${x.reasons.join(', ')})`,
    );
  }
  if (s.exposure) {
    lines.push(
      `exposure: ${s.exposure.searches.length} searches (${s.exposure.searches.map((q) => JSON.stringify(q)).join(', ')}), ` +
        `${s.exposure.reads} reads, ${s.exposure.attachments} attachments, ${s.exposure.actions} actions, ${s.exposure.messages} messages`,
    );
  } else lines.push('exposure: no suspect sessions, so nothing to scope');
  return lines;
}
