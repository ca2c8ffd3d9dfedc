/**
 * `mailtrail fetch audit`: Unified Audit Log records through the Graph audit log query API, and
 * the options, progress line and summary it shares with `fetch signins`.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import { Option as PlainOption, type Command as PlainCommand } from 'commander';
import { UsageError } from '../../errors.js';
import type { GraphFetchOptions } from '../../case/fetch/graph/graph-fetch.js';
import type { CliIo } from '../_io.js';
import { formatCount, progressLine } from '../_progress.js';
import {
  addCredentialOptions,
  credentialChoiceFrom,
  CREDENTIALS_HELP,
  type CredentialFlags,
} from '../_credential-options.js';
import { collectMailboxes } from '../_mailboxes.js';
import { commaList, positiveInt } from '../_args.js';
import { reportGraph } from './fetch-graph-report.js';

export { reportGraph } from './fetch-graph-report.js';

const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

export function auditCommand(io: CliIo) {
  return withGraphOptions(
    new Command('audit').description(
      'Retrieve Unified Audit Log records (MailItemsAccessed, Send, inbox rules, sign-ins...) through Graph audit log queries, slice by slice, keeping every query and page as hashed evidence',
    ),
    { apiVersion: 'v1.0', noun: 'audit records' },
  )
    .option(
      '--operations <op...>',
      'only these operations, e.g. MailItemsAccessed New-InboxRule (space or comma separated)',
    )
    .option('--record-types <type...>', 'only these record types, e.g. exchangeItemAggregated exchangeAdmin')
    .option('--ip <address...>', 'only records from these client IP addresses')
    .addOption(
      new Option('--users-per-query <n>', 'users in one query (more users make more queries)')
        .argParser(positiveInt('--users-per-query'))
        .default(10),
    )
    .addOption(
      new Option(
        '--min-window <duration>',
        'a capped query is split in halves down to this window, then reported as a gap',
      )
        .argParser(duration('--min-window'))
        .default(60_000, '1m'),
    )
    .addOption(
      new Option(
        '--poll-interval <seconds>',
        'first wait between status polls of a query (grows by half, to 4 times this, at most 60 s)',
      )
        .argParser(seconds('--poll-interval'))
        .default(15_000, '15'),
    )
    .addOption(
      new Option(
        '--query-timeout <duration>',
        'give up waiting for a query after this long (resume re-attaches to it)',
      )
        .argParser(duration('--query-timeout'))
        .default(3_600_000, '1h'),
    )
    .addOption(
      new Option('--query-retries <n>', 'queries re-created after the service failed or cancelled one')
        .argParser(nonNegativeInt('--query-retries'))
        .default(2),
    )
    .option(
      '--accept-count-shortfall',
      "exit 0 although a slice received clearly fewer records than the service's approximate count (still listed as UNVERIFIED)",
    )
    .addHelpText(
      'after',
      `
Permissions: AuditLogsQuery.Read.All, or AuditLogsQuery-Exchange.Read.All for Exchange records only.
--user matches the actor of a record: a delegate's or an app's access to the mailbox is under their name.
Credentials: an app sign-in (below), --token, or the OAUTH_TOKEN environment variable.
${CREDENTIALS_HELP.trim()}
A slice is UNVERIFIED when it received more than max(2, 2%) fewer records than the service's
approximateReturnedRecordCount: its records are kept, and the run exits 3 unless --accept-count-shortfall.
A query creation whose answer was lost (timeout, reset, 5xx) is looked for in the service's query list by
its name before it is sent again, so no second query runs for one slice.
A shortfall is accepted only when retrieving: --resume cannot accept it afterwards; retrieve the
UNVERIFIED windows again (a new acquisition) with --accept-count-shortfall.
Exit codes: 0 complete; 3 incomplete (missing slices and gaps are listed, a slice throttled (429)
beyond its attempts or asked to wait over 15 minutes included; rerun with --resume) or UNVERIFIED
slices (retrieve those windows again, with --accept-count-shortfall to accept them); 2 usage;
1 other errors (a 400/401/403 from Graph stops the run: acquisition.json says what was retrieved,
with complete: false and the error; fix the cause and rerun with --resume).

Examples:
  OAUTH_TOKEN=... mailtrail fetch audit --user cfo@contoso.com --start 2026-08-01 --end 2026-09-01 --case ./case
  mailtrail fetch audit --user cfo@contoso.com --start 2026-08-01 --end 2026-08-08 --operations MailItemsAccessed,Send --out ./acq
  mailtrail fetch audit --case ./case --user cfo@contoso.com --start 2026-08-01 --end 2026-09-01 --resume
`,
    )
    .action(async (opts) => {
      const base = await graphRunOptions(io, opts);
      const progress = progressLine(io, opts.quiet === true || opts.json === true);
      const { runFetchAudit } = await import('../../case/fetch/audit/index.js');
      const result = await runFetchAudit({
        ...base,
        operations: commaList(opts.operations),
        recordTypes: commaList(opts.recordTypes),
        ips: commaList(opts.ip),
        usersPerQuery: opts.usersPerQuery,
        minWindowMs: opts.minWindow,
        pollIntervalMs: opts.pollInterval,
        queryTimeLimitMs: opts.queryTimeout,
        queryRetries: opts.queryRetries,
        ...(opts.acceptCountShortfall === true ? { acceptCountShortfall: true } : {}),
        onProgress: (p) =>
          progress.update(
            `slice ${p.slicesDone}/${p.slices} · ${p.queriesWaiting} queries running · ${formatCount(p.records)} rec · ${formatCount(p.requests)} req · ${p.retries} retries`,
          ),
      });
      progress.done();
      reportGraph(io, result, opts.json === true, 'audit records');
    });
}

/** The options every Graph retrieval takes. */
export function withGraphOptions(
  cmd: Command,
  d: { apiVersion: string; noun: string },
): Command<[], GraphFlags> {
  // Declared on commander's plain types: a generic typed chain this long makes the TypeScript
  // checker crawl; GraphCliOptions describes the parsed values once instead.
  const withCommon = (cmd as unknown as PlainCommand)
    .option('--user <upn...>', 'user principal name to retrieve (repeatable)')
    .option('--users-file <file>', 'file with one UPN per line (# starts a comment)')
    .option('--start <iso8601>', `only ${d.noun} at or after this time (required)`)
    .option('--end <iso8601>', `only ${d.noun} before this time (required)`)
    .option(
      '--case <dir>',
      'case directory: evidence goes to <dir>/evidence/acquisitions and events into the case',
    )
    .option('--out <dir>', 'acquisition directory for the evidence when not using a case')
    .option('--graph-url <url>', 'Microsoft Graph root, e.g. the emulator URL', DEFAULT_GRAPH_URL)
    .option('--api-version <version>', 'Graph API version (v1.0 or beta)', d.apiVersion)
    .addOption(
      new PlainOption('--window <duration>', 'time window of one slice, e.g. 1d, 6h, 30m')
        .argParser(duration('--window'))
        .default(86_400_000, '1d'),
    )
    .addOption(
      new PlainOption('--concurrency <n>', 'slices retrieved in parallel')
        .argParser(positiveInt('--concurrency'))
        .default(4),
    )
    .addOption(
      new PlainOption('--timeout <seconds>', 'time limit per request')
        .argParser(positiveInt('--timeout'))
        .default(100),
    )
    .addOption(
      new PlainOption('--max-attempts <n>', 'attempts per request before a slice is given up')
        .argParser(positiveInt('--max-attempts'))
        .default(8),
    )
    .option('--resume', 'continue the unfinished acquisition (of the case or --out) from its checkpoint');
  addCredentialOptions(withCommon as unknown as Command, { basic: false });
  withCommon
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'no progress display');
  return withCommon as unknown as Command<[], GraphFlags>;
}

/** Parsed flags of a Graph retrieval command. */
type GraphFlags = Flat<GraphCliOptions & { json?: true; quiet?: true }>;
/** The same members as a type literal (commander's option types need an index-signature-compatible type). */
type Flat<T> = { [K in keyof T]: T[K] };

interface GraphCliOptions extends CredentialFlags {
  user?: string[];
  usersFile?: string;
  start?: string;
  end?: string;
  case?: string;
  out?: string;
  graphUrl: string;
  apiVersion: string;
  window: number;
  concurrency: number;
  timeout: number;
  maxAttempts: number;
  resume?: true;
}

/**
 * The run options shared by the Graph retrievals, from parsed flags. `allUsers`: no user filter
 * (the command's `--all-users`), which excludes `--user` and `--users-file`.
 */
export async function graphRunOptions(
  io: CliIo,
  opts: GraphCliOptions,
  allUsers = false,
): Promise<GraphFetchOptions> {
  if (!/^(v1\.0|beta)$/.test(opts.apiVersion))
    throw new UsageError(
      `[fetch] --api-version must be v1.0 or beta, not ${JSON.stringify(opts.apiVersion)}`,
    );
  if (allUsers && (opts.user !== undefined || opts.usersFile !== undefined))
    throw new UsageError('[fetch] --all-users retrieves every user: give it without --user or --users-file');
  return {
    users: allUsers ? [] : await collectMailboxes(opts.user ?? [], opts.usersFile),
    start: opts.start,
    end: opts.end,
    caseDir: opts.case,
    outDir: opts.out,
    graphUrl: opts.graphUrl,
    apiVersion: opts.apiVersion,
    windowMs: opts.window,
    concurrency: opts.concurrency,
    timeoutMs: opts.timeout * 1000,
    maxAttempts: opts.maxAttempts,
    resume: opts.resume === true,
    credentials: credentialChoiceFrom(opts, io, '[fetch]'),
    env: io.env,
    argv: io.argv ?? ['fetch'],
    ...(io.signal ? { signal: io.signal } : {}),
  };
}

/** `90s`, `30m`, `6h`, `1d` (or plain seconds) in milliseconds. */
export function duration(flag: string) {
  return (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(value.trim());
    const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
    const ms = m ? Math.round(Number(m[1]) * unit[m[2] as keyof typeof unit]) : NaN;
    if (!(ms >= 1))
      throw new UsageError(
        `${flag} must be a duration such as 90s, 30m, 6h or 1d, not ${JSON.stringify(value)}`,
      );
    return ms;
  };
}

function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0))
      throw new UsageError(`${flag} must be a number of seconds above 0, not ${JSON.stringify(value)}`);
    return Math.round(n * 1000);
  };
}

function nonNegativeInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value))
      throw new UsageError(`${flag} must be a whole number, not ${JSON.stringify(value)}`);
    return Number(value);
  };
}
