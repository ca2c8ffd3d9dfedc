/**
 * `mailtrail import --case DIR FILE...`: copy Activities files (or acquisition directories)
 * into a case as evidence and store their events. The case is created when missing.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { Command, Option } from '@commander-js/extra-typings';
import { IncompleteError, MailtrailError } from '../../errors.js';
import type { CliIo } from '../_io.js';
import { formatCount, progressLine } from '../_progress.js';
import { renderImportSummary } from './import-summary.js';

const FORMATS = [
  'crowdstrike-csv',
  'activities-json',
  'activities-ndjson',
  'emulator-dataset',
  'ual-csv',
  'ual-flat-csv',
  'ual-json',
  'ual-graph-json',
  'ual-jsonl',
  'entra-signin-json',
  'entra-signin-csv',
] as const;

export function importCommand(io: CliIo) {
  return new Command('import')
    .description(
      'Import Activities files, Unified Audit Log exports, Entra sign-in logs or acquisition directories into a case, keeping each file as evidence',
    )
    .requiredOption('--case <dir>', 'case directory (created when missing)')
    .addOption(new Option('--format <format>', 'skip format detection').choices(FORMATS))
    .option(
      '--mailbox <upn>',
      'mailbox of Activities files that name none; for audit files, keep only this mailbox',
    )
    .option('--strict', 'any issue fails its file: nothing of it is stored (exit 3)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'no progress display')
    .argument(
      '<files...>',
      'CrowdStrike CSV, JSON pages, NDJSON, emulator data set, UAL export, Entra sign-ins, or acquisition directory',
    )
    .addHelpText(
      'after',
      `
The mailbox of a CSV or JSON page file is the one every ServerLogon UserName names; when they
disagree or there are none, pass --mailbox. Re-importing a file stores nothing twice.
Exit codes: 0 imported; 3 a file was refused by --strict; 2 a file could not be read; 1 other errors.`,
    )
    .action(async (files, opts) => {
      const { importFiles, initCase, openCase } = await import('../../case/index.js');
      const command = io.argv ?? ['import', '--case', opts.case, ...files];
      const fresh = !existsSync(opts.case) || readdirSync(opts.case).length === 0;
      const handle = fresh
        ? await initCase(opts.case, {}, { command, env: io.env })
        : await openCase(opts.case, { command, env: io.env });
      if (fresh) io.stderr.write(`Created a new case in ${handle.dir}\n`);
      const progress = progressLine(io, opts.quiet === true || opts.json === true);
      const started = Date.now();
      let summary;
      try {
        summary = await importFiles(handle, files, {
          ...(opts.format !== undefined ? { format: opts.format } : {}),
          ...(opts.mailbox !== undefined ? { mailbox: opts.mailbox } : {}),
          strict: opts.strict === true,
          ...(io.signal ? { signal: io.signal } : {}),
          onProgress: (p) =>
            progress.update(
              `${p.input}: ${p.phase} · ${formatCount(p.records)} records · ` +
                `${formatCount(p.records / Math.max(0.001, (Date.now() - started) / 1000))}/s`,
            ),
        });
      } catch (err) {
        if (!io.signal?.aborted) throw err;
        throw new MailtrailError(
          'E_INCOMPLETE',
          '[import] Interrupted: the file being imported was rolled back (nothing of it is stored); ' +
            'files finished before it are kept. Run the same command again to continue',
          { cause: err, exitCode: 130 },
        );
      } finally {
        progress.done();
        await handle.close();
      }
      if (opts.json) io.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      io.stderr.write(renderImportSummary(summary));
      const failed = summary.units.filter((u) => u.status === 'failed');
      const rejected = summary.units.filter((u) => u.status === 'rejected');
      if (failed.length) {
        const first = failed[0]!;
        throw new MailtrailError(first.error!.code, first.error!.message, {
          exitCode: first.error!.exitCode,
        });
      }
      if (rejected.length) {
        throw new IncompleteError(
          `[import] --strict: ${rejected.length} file(s) had issues and were not imported: ` +
            rejected
              .map((u) => `${u.input} (${u.issueCount} issue(s); first: ${u.firstIssue ?? '?'})`)
              .join('; '),
        );
      }
    });
}
