/**
 * The import summary printed on stderr: per file, records read, events new and already
 * present, issues per code, and time.
 *
 * @module
 */
import type { ImportSummary } from '../../case/index.js';
import { formatCount } from '../_progress.js';

export function renderImportSummary(s: ImportSummary): string {
  const lines: string[] = [];
  for (const u of s.units) {
    const head =
      u.status === 'imported'
        ? 'imported'
        : u.status === 'rejected'
          ? 'REJECTED (--strict; nothing stored)'
          : 'FAILED (nothing stored)';
    lines.push(
      `${u.input}: ${head}${u.format ? ` as ${u.format}` : ''}${u.evidence ? ` → ${u.evidence}` : ''}`,
    );
    if (u.status === 'failed') {
      lines.push(`  ${u.error?.message ?? ''}`);
      continue;
    }
    if (u.mailboxes.length)
      lines.push(`  mailbox${u.mailboxes.length > 1 ? 'es' : ''}: ${u.mailboxes.join(', ')}`);
    const rate = u.records / Math.max(0.001, u.ms / 1000);
    lines.push(
      `  ${formatCount(u.records)} records read, ${formatCount(u.inserted)} new events, ` +
        `${formatCount(u.duplicates)} already present, ${formatCount(u.issueCount)} issue(s) ` +
        `in ${(u.ms / 1000).toFixed(1)} s (${formatCount(rate)} records/s)`,
    );
    if (!u.complete)
      lines.push('  INCOMPLETE acquisition: some time slices are missing (see mailtrail case info)');
    for (const [code, n] of Object.entries(u.issues).sort((a, b) => b[1] - a[1]))
      lines.push(`    ${code}: ${formatCount(n)}`);
    if (u.firstIssue) lines.push(`  first issue: ${u.firstIssue}`);
  }
  const imported = s.units.filter((u) => u.status === 'imported');
  lines.push(
    `${imported.length} of ${s.units.length} input(s) imported into ${s.caseDir}: ` +
      `${formatCount(imported.reduce((n, u) => n + u.inserted, 0))} new events in ${(s.ms / 1000).toFixed(1)} s`,
  );
  return lines.join('\n') + '\n';
}
