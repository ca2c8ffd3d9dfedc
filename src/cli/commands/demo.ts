/**
 * `mailtrail demo`: a complete investigation on the built-in emulator, printing where its
 * results are.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../_io.js';
import { formatCount, progressLine } from '../_progress.js';
import { reportSummaryLines } from '../_report-summary.js';

export function demoCommand(io: CliIo) {
  return new Command('demo')
    .description(
      'Run a complete investigation on the built-in Activities API emulator and print where the results are',
    )
    .option(
      '--out <dir>',
      'folder for the demo output (a timestamped subfolder is created)',
      'mailtrail-demo',
    )
    .addOption(new Option('--seed <n>', 'scenario seed').argParser(wholeNumber('--seed')).default(1))
    .addOption(
      new Option('--scale <x>', 'scenario volume multiplier').argParser(positiveNumber('--scale')).default(1),
    )
    .option('-q, --quiet', 'no progress display')
    .action(async (opts) => {
      const progress = progressLine(io, opts.quiet === true);
      const say = (line: string) => {
        progress.done();
        io.stderr.write(`${line}\n`);
      };
      // Loaded on use: the whole pipeline (DuckDB included) would slow every other command's start.
      const { runDemo } = await import('../../case/demo.js');
      const r = await runDemo({
        outRoot: opts.out,
        seed: opts.seed,
        scale: opts.scale,
        argv: io.argv ?? ['demo'],
        env: io.env,
        ...(io.signal ? { signal: io.signal } : {}),
        onStep: say,
        onProgress: (p) =>
          progress.update(
            `slices ${p.slicesDone}/${p.slices} · ${formatCount(p.records)} activities · ${p.requests} requests`,
          ),
      });
      progress.done();
      const s = r.fetch.summary;
      const lines = [
        '',
        `Retrieved ${formatCount(s.mailboxes[0]?.records ?? 0)} activities (${s.pages.length} pages, ${s.requests} requests) ${s.complete ? 'completely' : 'INCOMPLETELY'}.`,
        `Case ${r.caseDir}: ${formatCount(r.info.events)} events, ${r.info.evidence.files} evidence files, ${r.info.period ? `${r.info.period.from} to ${r.info.period.to}` : 'no period'}.`,
        '  events per kind: ' + r.info.kinds.map((k) => `${k.kind} ${formatCount(k.events)}`).join(', '),
        `  issues: ${r.info.issues.length === 0 ? 'none' : r.info.issues.map((i) => `${i.code} ×${i.count}`).join(', ')}`,
        '',
        ...(r.report.summary ? reportSummaryLines(r.report.summary) : []),
        '',
        `The scenario's intruder (ground truth, for checking): IPs ${r.truth.attacker.ips.join(', ')}; searched ${r.truth.attacker.searchTerms.map((t) => JSON.stringify(t)).join(', ')}.`,
        '',
        `Query it:  mailtrail sql ${r.caseDir} "SELECT kind, count(*) FROM events GROUP BY kind"`,
        `CSV (CrowdStrike retriever format): ${r.fetch.csv?.join(', ') ?? '-'}`,
        `Report files in ${r.report.outDir}:`,
        ...r.report.files.map((f) => `  ${f}`),
        '',
        `Open the report: ${r.report.files.find((f) => f.endsWith('.html')) ?? r.report.outDir}`,
      ];
      io.stderr.write(lines.join('\n') + '\n');
      io.stdout.write(`${r.dir}\n`);
    });
}

function wholeNumber(flag: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new UsageError(`${flag} must be a whole number, not ${JSON.stringify(v)}`);
    return Number(v);
  };
}

function positiveNumber(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError(`${flag} must be a positive number, not ${JSON.stringify(v)}`);
    return n;
  };
}
