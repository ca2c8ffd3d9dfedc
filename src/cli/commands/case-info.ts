/**
 * `mailtrail case info DIR [--json]`: what the case holds.
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import type { CaseInfo } from '../../case/index.js';
import type { CliIo } from '../_io.js';
import { formatCount } from '../_progress.js';

export function caseInfoCommand(io: CliIo) {
  return new Command('info')
    .description('Sources, mailboxes, period, events per kind, runs, issues and incomplete acquisitions')
    .argument('<dir>', 'case directory')
    .option('--json', 'machine-readable output')
    .action(async (dir, opts) => {
      const { caseInfo } = await import('../../case/index.js');
      const info = await caseInfo(dir);
      io.stdout.write(opts.json ? JSON.stringify(info, null, 2) + '\n' : renderInfo(info));
    });
}

function renderInfo(i: CaseInfo): string {
  const out: string[] = [];
  out.push(`Case:      ${i.name} (${i.dir})`);
  if (i.examiner) out.push(`Examiner:  ${i.examiner}`);
  if (i.purpose) out.push(`Purpose:   ${i.purpose}`);
  out.push(`Created:   ${i.createdAt} by ${i.tool.name} ${i.tool.version} (store schema ${i.schemaVersion})`);
  out.push(`Time zone: ${i.timeZone} (informational: all times are UTC)`);
  const kinds = Object.entries(i.evidence.byKind)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  out.push(
    `Evidence:  ${i.evidence.files} file(s), ${formatCount(i.evidence.bytes)} bytes${kinds ? ` (${kinds})` : ''}`,
  );
  out.push(
    `Events:    ${formatCount(i.events)}${i.period ? ` from ${i.period.from} to ${i.period.to}` : ''}`,
  );
  if (i.adapters.length) {
    out.push('', 'Sources:');
    for (const a of i.adapters) out.push(`  ${a.adapter.padEnd(20)} ${formatCount(a.events).padStart(12)}`);
  }
  if (i.mailboxes.length) {
    out.push('', 'Mailboxes:');
    for (const m of i.mailboxes)
      out.push(`  ${m.mailbox}  ${formatCount(m.events)} events, ${m.from} – ${m.to}`);
  }
  if (i.kinds.length) {
    out.push('', 'Events per kind:');
    for (const k of i.kinds) out.push(`  ${k.kind.padEnd(20)} ${formatCount(k.events).padStart(12)}`);
  }
  out.push('', `Runs: ${i.runs.length}`);
  for (const r of i.runs) {
    const c = r.counts;
    out.push(
      `  ${r.id}  ${r.kind}${r.complete ? '' : i.completedLater[r.id] ? ` incomplete, completed by ${i.completedLater[r.id]}` : ' INCOMPLETE'}  ${formatCount(c.records ?? 0)} records, ` +
        `${formatCount(c.inserted ?? 0)} new, ${formatCount(c.duplicates ?? 0)} already present, ${formatCount(c.issues ?? 0)} issue(s)`,
    );
  }
  if (i.issues.length) {
    out.push('', 'Recorded issues:');
    for (const x of i.issues) out.push(`  ${x.code} (${x.severity}): ${formatCount(x.count)}`);
  }
  if (i.incompleteAcquisitions.length) {
    out.push(
      '',
      "INCOMPLETE acquisitions (time slices that could not be retrieved, or whose record counts fell short of the service's):",
    );
    for (const r of i.incompleteAcquisitions) out.push(`  ${r.id}: ${JSON.stringify(r.inputs)}`);
  }
  return out.join('\n') + '\n';
}
