/**
 * `mailtrail unicorn -i CSV -o DIR -t TITLE`: a drop-in for LMG's MagicUnicorn_v1.py command
 * line — the same five TSV files with the same headers — with its bugs fixed (see
 * analyses/unicorn/unicorn-tables.ts). The output path is DIR joined with TITLE-…, so DIR needs
 * no trailing separator.
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import type { CliIo } from '../_io.js';

export function unicornCommand(io: CliIo) {
  return new Command('unicorn')
    .description("Magic Unicorn's five TSV reports from an Activities CSV, done right (drop-in command line)")
    .requiredOption('-i <input_file>', 'CrowdStrike retriever CSV (or any Activities evidence file)')
    .requiredOption('-t <title>', 'report title: file name prefix')
    .requiredOption('-o <output>', 'output directory (created if missing)')
    .option('--mailbox <upn>', 'mailbox the file belongs to (optional)')
    .action(async (opts) => {
      const { runUnicorn } = await import('../../case/report/unicorn.js');
      const result = await runUnicorn({
        inputs: [opts.i],
        outDir: opts.o,
        title: opts.t,
        ...(opts.mailbox !== undefined ? { mailbox: opts.mailbox } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
      });
      for (const f of result.files) io.stdout.write(`${f}\n`);
      const r = result.rows;
      io.stderr.write(
        `${result.events} activities: ${r['logon-activity']} logons, ${r['search-activity']} searches, ` +
          `${r['read-activity-by-time']} reads, ${r['attachments-activity']} attachments\n`,
      );
    });
}
