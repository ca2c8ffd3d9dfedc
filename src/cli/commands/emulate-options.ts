/**
 * The flags of `mailtrail emulate` and their help text. They are declared on commander's plain
 * types: a typed chain of this many options makes the TypeScript checker crawl (each option
 * re-derives the whole option type), so the parsed values are described once by
 * {@link EmulateFlags} instead.
 *
 * @module
 */
import { InvalidArgumentError, Option, type Command } from 'commander';

/** Parsed `mailtrail emulate` flags (defaults applied by commander). */
export interface EmulateFlags {
  data?: string;
  scenario?: 'bec';
  seed: number;
  scale: number;
  writeData?: string;
  writeTruth?: string;
  host: string;
  port: number;
  token?: string;
  credentials?: string;
  defaultOrder: 'asc' | 'desc';
  nextLink?: true;
  latency: number;
  latencyJitter: number;
  failRate: number;
  resetRate: number;
  throttle?: number;
  throttleWindow: number;
  faultSeed?: number;
  auditData?: string;
  signinsData?: string;
  queryRunPolls: number;
  queryRunMs: number;
  queryFailRate: number;
  queryLongRunRate: number;
  queryLongRunPolls: number;
  queryRecordLimit: number;
  queryCountSkew: number;
  queryDropCreate: number;
  queryDenyCreateAfter?: number;
  recordsPageSize: number;
  recordsBeforeSuccess: 'error' | 'empty';
  tenantConfig?: string;
  tls?: true;
  writeCa?: string;
  identity?: string;
  verbose?: true;
}

function intArg(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}.`);
    return Number(value);
  };
}

function numberArg(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}.`);
    return n;
  };
}

/** Declares every `emulate` flag and its help on `command`. */
export function addEmulateOptions(command: Command): Command {
  return (
    command
      .option('--data <file>', 'serve this data set: {"mailboxes": {"upn": [activity, ...]}}')
      .addOption(
        new Option('--scenario <name>', 'generate a scenario instead of --data (the default)').choices([
          'bec',
        ] as const),
      )
      .addOption(new Option('--seed <n>', 'scenario seed').argParser(intArg('--seed', 0)).default(1))
      .addOption(
        new Option(
          '--scale <x>',
          'scenario volume multiplier (1 ≈ 30k activities for the victim, 25 ≈ 1M in all)',
        )
          .argParser(numberArg('--scale', 0.01, 100))
          .default(1),
      )
      .option(
        '--write-data <file>',
        "write the generated data set ('-' for stdout) and exit instead of serving",
      )
      .option(
        '--write-truth <file>',
        'write the scenario ground truth (attacker IPs, sessions, searches, message ids) as JSON',
      )
      .option('--host <address>', 'interface to bind (warns when not loopback)', '127.0.0.1')
      .addOption(
        new Option('--port <n>', 'port, 0 = any free port').argParser(intArg('--port', 0)).default(0),
      )
      .option('--token <token>', 'accept this bearer token for every mailbox (me = the first mailbox)')
      .option(
        '--credentials <file>',
        'JSON file of bearer tokens and Basic users with the mailboxes each may read',
      )
      .addOption(
        new Option('--default-order <order>', 'order without $orderby')
          .choices(['asc', 'desc'] as const)
          .default('desc' as const),
      )
      .option('--next-link', 'add @odata.nextLink when more results exist')
      .addOption(
        new Option('--latency <ms>', 'delay every response').argParser(intArg('--latency', 0)).default(0),
      )
      .addOption(
        new Option('--latency-jitter <ms>', 'add 0..ms random delay on top of --latency')
          .argParser(intArg('--latency-jitter', 0))
          .default(0),
      )
      .addOption(
        new Option('--fail-rate <p>', 'probability that a successful response becomes a 500 or 503')
          .argParser(numberArg('--fail-rate', 0, 1))
          .default(0),
      )
      .addOption(
        new Option('--reset-rate <p>', 'probability that a successful response is cut off mid-body')
          .argParser(numberArg('--reset-rate', 0, 1))
          .default(0),
      )
      .addOption(
        new Option(
          '--throttle <n>',
          'allow n requests per window per caller and mailbox, then 429',
        ).argParser(intArg('--throttle', 1)),
      )
      .addOption(
        new Option('--throttle-window <seconds>', 'throttling window')
          .argParser(intArg('--throttle-window', 1))
          .default(60),
      )
      .addOption(
        new Option('--fault-seed <n>', 'seed of the fault decisions (default: --seed)').argParser(
          intArg('--fault-seed', 0),
        ),
      )
      // Microsoft Graph: audit log query API and Entra sign-ins (docs/emulator.md, "Microsoft Graph").
      .option(
        '--audit-data <file>',
        'serve these audit records (JSON Lines or a JSON array of AuditData or Graph auditLogRecords)',
      )
      .option(
        '--signins-data <file>',
        'serve these Entra sign-ins (JSON Lines or a JSON array of Graph signIn objects)',
      )
      .addOption(
        new Option('--query-run-polls <n>', "polls of an audit query that still see 'running'")
          .argParser(intArg('--query-run-polls', 0))
          .default(1),
      )
      .addOption(
        new Option('--query-run-ms <ms>', 'minimum time from creating an audit query to its end')
          .argParser(intArg('--query-run-ms', 0))
          .default(0),
      )
      .addOption(
        new Option('--query-fail-rate <p>', "probability that an audit query ends 'failed'")
          .argParser(numberArg('--query-fail-rate', 0, 1))
          .default(0),
      )
      .addOption(
        new Option(
          '--query-long-run-rate <p>',
          "probability that an audit query stays 'running' for --query-long-run-polls more polls",
        )
          .argParser(numberArg('--query-long-run-rate', 0, 1))
          .default(0),
      )
      .addOption(
        new Option('--query-long-run-polls <n>', 'extra polls of a long-running audit query')
          .argParser(intArg('--query-long-run-polls', 1))
          .default(10),
      )
      .addOption(
        new Option(
          '--query-record-limit <n>',
          'records an audit query may return (then isRecordCountLimitExceeded)',
        )
          .argParser(intArg('--query-record-limit', 1))
          .default(1_000_000),
      )
      .addOption(
        new Option(
          '--query-count-skew <x>',
          'relative error of approximateReturnedRecordCount (0.1 = up to ±10%)',
        )
          .argParser(numberArg('--query-count-skew', 0, 1))
          .default(0),
      )
      .addOption(
        new Option(
          '--query-drop-create <n>',
          'fault: the first n audit query creations are carried out, then the connection closes unanswered',
        )
          .argParser(intArg('--query-drop-create', 0))
          .default(0),
      )
      .addOption(
        new Option(
          '--query-deny-create-after <n>',
          'fault: once n audit queries exist, creating another is a 403 Authorization_RequestDenied',
        ).argParser(intArg('--query-deny-create-after', 0)),
      )
      .addOption(
        new Option('--records-page-size <n>', 'audit records per page without $top')
          .argParser(intArg('--records-page-size', 1))
          .default(150),
      )
      .addOption(
        new Option(
          '--records-before-success <mode>',
          'records of a query that has not succeeded: a 400 or an empty page',
        )
          .choices(['error', 'empty'] as const)
          .default('error' as const),
      )
      .option(
        '--tenant-config <file>',
        'tenant audit facts for the Exchange admin and Graph directory endpoints (ingestion, AuditDisabled, per-mailbox audit sets, bypass, licences; docs/preflight.md)',
      )
      .option('--tls', 'serve HTTPS with a test CA made for this run (needed by MSAL sign-in)')
      .option('--write-ca <file>', 'with --tls: write the test CA certificate (PEM) for clients (--ca-file)')
      .option(
        '--identity <file>',
        'serve an identity provider: JSON with tenantId, apps (clientId, secrets, certificates, roles) and users',
      )
      .option('--verbose', 'log every request on stderr (never credentials)')
      .addHelpText(
        'after',
        `
Endpoint: GET {url}/api/{v1.0|v2.0|beta}/{me|Users('upn')|users/upn}/Activities
  with Prefer: exchange.behavior="ActivityAccess" and Authorization: Bearer <token> (or Basic).
  Query: $filter (TimeStamp ge|le|gt|lt|eq|ne <ISO 8601>, ActivityIdType/AppIdType eq|ne '<x>',
  and/or/not, parentheses), $select, $orderby=TimeStamp asc|desc, $top (1-1000, default 10), $skip.
Credentials file: {"tokens":{"tok-a":{"user":"a@x","mailboxes":["a@x"]}},
                   "basic":{"a@x":{"password":"pw","mailboxes":["a@x","b@x"]}}}
Without --token or --credentials a random token is generated and printed on stderr.
Microsoft Graph (same port; the scenario's audit log and sign-ins unless --audit-data/--signins-data):
  POST {url}/v1.0/security/auditLog/queries   (also /beta) create an audit log query → 201
  GET  {url}/v1.0/security/auditLog/queries[/{id}[/records]]  poll (notStarted → running → succeeded), page records
  GET  {url}/v1.0/auditLogs/signIns           (also /beta, with sessionId/uniqueTokenIdentifier/userAgent)
  The --token bearer is trusted with AuditLogsQuery.Read.All and AuditLog.Read.All.
Identity provider (--tls --identity FILE; docs/authentication.md): {url}/{tenant}/v2.0/.well-known/openid-configuration,
  {url}/{tenant}/oauth2/v2.0/token and /devicecode, verification page {url}/devicelogin.
The first stdout line is the base URL. Details: docs/emulator.md.

Examples:
  mailtrail emulate --scenario bec --seed 7 --token T
  mailtrail emulate --data mailboxes.json --port 8080 --credentials creds.json --verbose
  mailtrail emulate --scenario bec --scale 25 --write-data big.json --write-truth truth.json
  mailtrail emulate --tls --write-ca ca.pem --identity identity.json --token T
  mailtrail emulate --token T --fail-rate 0.1 --reset-rate 0.05 --throttle 100 --latency 50 --next-link
  mailtrail emulate --token T --audit-data ual.jsonl --signins-data signins.json --query-run-polls 3 --query-fail-rate 0.2
  curl -H 'Authorization: Bearer T' -H 'Prefer: exchange.behavior="ActivityAccess"' \\
    "http://127.0.0.1:PORT/api/v2.0/me/Activities?\\$top=5&\\$filter=ActivityIdType%20eq%20'ServerLogon'"
`,
      )
  );
}
