/**
 * `mailtrail fetch activities`: retrieve Office 365 Activities API logs for one or more mailboxes.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import { IncompleteError } from '../../errors.js';
import type { FetchActivitiesRunResult } from '../../case/fetch/index.js';
import type { CliIo } from '../_io.js';
import { collectMailboxes } from '../_mailboxes.js';
import { commaList, positiveInt } from '../_args.js';
import { formatCount, progressLine } from '../_progress.js';
import { addCredentialOptions, CREDENTIALS_HELP, credentialChoiceFrom } from '../_credential-options.js';
import { auditCommand } from './fetch-audit.js';
import { signInsCommand } from './fetch-signins.js';

const DEFAULT_BASE_URL = 'https://outlook.office.com/api/v2.0';

export function fetchCommand(io: CliIo) {
  const fetch = new Command('fetch').description('Acquire evidence from Microsoft 365 APIs');
  fetch.addCommand(activitiesCommand(io));
  fetch.addCommand(auditCommand(io));
  fetch.addCommand(signInsCommand(io));
  return fetch;
}

function activitiesCommand(io: CliIo) {
  const base = new Command('activities')
    .description(
      'Retrieve Outlook Activities API logs (logons, reads, searches, sends, deletes) in parallel time slices, keeping every response as hashed evidence',
    )
    .option('--user <upn...>', 'mailbox to retrieve (repeatable)')
    .option('--users-file <file>', 'file with one mailbox UPN per line (# starts a comment)')
    .option('--start <iso8601>', 'only activities at or after this time (TimeStamp ge)')
    .option('--end <iso8601>', 'only activities at or before this time (TimeStamp le)')
    .option('--types <type...>', 'only these ActivityIdType values (space or comma separated)')
    .option(
      '--case <dir>',
      'case directory: evidence goes to <dir>/evidence/acquisitions and events into the case',
    )
    .option('--out <dir>', 'acquisition directory for the evidence when not using a case')
    .option(
      '--csv <file>',
      'also write the CSV the CrowdStrike retriever would have written (only when complete)',
    )
    .option('--base-url <url>', 'API root, e.g. the emulator URL', DEFAULT_BASE_URL)
    .addOption(
      new Option('--concurrency <n>', 'parallel requests').argParser(positiveInt('--concurrency')).default(8),
    )
    .addOption(
      new Option('--slices <n>', 'time slices per mailbox (default: 8 x concurrency)').argParser(
        positiveInt('--slices'),
      ),
    )
    .addOption(
      new Option('--timeout <seconds>', 'time limit per request')
        .argParser(positiveInt('--timeout'))
        .default(60),
    )
    .addOption(
      new Option('--max-attempts <n>', 'attempts per request before a slice is given up')
        .argParser(positiveInt('--max-attempts'))
        .default(8),
    )
    .option(
      '--resume',
      'continue the unfinished acquisition (of the case, --out or --csv) from its checkpoint',
    );
  return addCredentialOptions(base)
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'no progress display')
    .addHelpText(
      'after',
      `
Credentials: an app sign-in (below), or --token, else the OAUTH_TOKEN environment variable, else --basic USER.
${CREDENTIALS_HELP.trim()}
Exit codes: 0 complete; 3 incomplete (missing slices are listed; rerun with --resume); 2 usage; 1 other errors.

Examples:
  OAUTH_TOKEN=... mailtrail fetch activities --user victim@contoso.com --case ./case
  mailtrail fetch activities --tenant contoso.onmicrosoft.com --client-id APP_ID --certificate app.pem --user victim@contoso.com --case ./case
  mailtrail fetch activities --base-url http://127.0.0.1:8080 --token T --user a@contoso.example --csv a.csv
  mailtrail fetch activities --case ./case --user victim@contoso.com --resume
`,
    )
    .action(async (opts) => {
      const mailboxes = await collectMailboxes(opts.user ?? [], opts.usersFile);
      const progress = progressLine(io, opts.quiet === true || opts.json === true);
      const { runFetchActivities } = await import('../../case/fetch/index.js');
      const result = await runFetchActivities({
        mailboxes,
        start: opts.start,
        end: opts.end,
        types: commaList(opts.types),
        caseDir: opts.case,
        outDir: opts.out,
        csv: opts.csv,
        baseUrl: opts.baseUrl,
        concurrency: opts.concurrency,
        slices: opts.slices,
        timeoutMs: opts.timeout * 1000,
        maxAttempts: opts.maxAttempts,
        resume: opts.resume === true,
        token: opts.token,
        basicUser: opts.basic,
        credentialChoice: credentialChoiceFrom(opts, io, '[fetch]'),
        env: io.env,
        argv: io.argv ?? ['fetch', 'activities'],
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: (p) =>
          progress.update(
            `mailbox ${p.mailboxesDone}/${p.mailboxes} · slice ${p.slicesDone}/${p.slices} · ${formatCount(p.records)} rec · ` +
              `${formatCount(p.records / Math.max(0.001, p.elapsedMs / 1000))}/s · ${formatCount(p.requests)} req · ${p.retries} retries`,
          ),
      });
      progress.done();
      report(io, result, opts.json === true);
    });
}

// --- Internal helpers ---

function report(io: CliIo, r: FetchActivitiesRunResult, json: boolean): void {
  const s = r.summary;
  if (json) {
    const { pages, ...rest } = s;
    io.stdout.write(JSON.stringify({ ...r, summary: { ...rest, pages: pages.length } }, null, 2) + '\n');
  }
  const lines = [
    `${s.complete ? 'Complete' : 'INCOMPLETE'}: ${formatCount(s.mailboxes.reduce((n, m) => n + m.records, 0))} activities from ${s.mailboxes.length} mailbox(es) in ${(r.durationMs / 1000).toFixed(1)} s (${formatCount(s.requests)} requests, ${s.retries} retries)`,
    ...s.mailboxes.map(
      (m) =>
        `  ${m.mailbox}: ${formatCount(m.records)} activities${m.complete ? '' : `, MISSING ${m.missingSlices.length} slice(s): ${m.missingSlices.join('; ')}`}${m.error ? ` (${m.error})` : ''}`,
    ),
    `Evidence: ${r.acquisitionDir} (${s.pages.length} pages, SHA-256 in acquisition.json)`,
  ];
  if (r.imported)
    lines.push(
      `Case: ${r.imported.caseDir}: ${formatCount(r.imported.newEvents)} new events, ${formatCount(r.imported.duplicates)} already present, ${r.imported.issues} issue(s)`,
    );
  if (r.csv) lines.push(`CSV: ${r.csv} (${formatCount(r.csvRows ?? 0)} rows, CrowdStrike retriever format)`);
  else if (r.csvSkipped) lines.push(`CSV: not written: ${r.csvSkipped}`);
  if (!s.complete) lines.push(`Run the same command with --resume to retrieve the missing slices.`);
  io.stderr.write(lines.join('\n') + '\n');
  if (!s.complete) {
    const missing = s.mailboxes.reduce((n, m) => n + m.missingSlices.length, 0);
    throw new IncompleteError(
      `[fetch] the retrieval is incomplete (${missing} slice(s) missing); rerun with --resume`,
    );
  }
}
