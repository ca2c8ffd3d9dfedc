/**
 * `mailtrail emulate`: serve the 2018 Office 365 Outlook Activities REST API on a loopback port,
 * from a data file or the built-in BEC scenario, with optional injected faults. Prints the base
 * URL as the first stdout line so scripts can read it, and stops cleanly on SIGINT/SIGTERM.
 *
 * @module
 */
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../_io.js';

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

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function emulateCommand(io: CliIo) {
  return new Command('emulate')
    .description(
      'Serve the 2018 Office 365 Outlook Activities REST API on 127.0.0.1, from a data file or a generated BEC scenario',
    )
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
    .addOption(new Option('--port <n>', 'port, 0 = any free port').argParser(intArg('--port', 0)).default(0))
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
      new Option('--throttle <n>', 'allow n requests per window per caller and mailbox, then 429').argParser(
        intArg('--throttle', 1),
      ),
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
The first stdout line is the base URL. Details: docs/emulator.md.

Examples:
  mailtrail emulate --scenario bec --seed 7 --token T
  mailtrail emulate --data mailboxes.json --port 8080 --credentials creds.json --verbose
  mailtrail emulate --scenario bec --scale 25 --write-data big.json --write-truth truth.json
  mailtrail emulate --token T --fail-rate 0.1 --reset-rate 0.05 --throttle 100 --latency 50 --next-link
  curl -H 'Authorization: Bearer T' -H 'Prefer: exchange.behavior="ActivityAccess"' \\
    "http://127.0.0.1:PORT/api/v2.0/me/Activities?\\$top=5&\\$filter=ActivityIdType%20eq%20'ServerLogon'"
`,
    )
    .action(async (opts) => {
      const emulator = await import('../../emulator/index.js');
      if (opts.data !== undefined && opts.scenario !== undefined)
        throw new UsageError('[emulate] Give either --data or --scenario, not both.');
      if (opts.data !== undefined && (opts.writeData !== undefined || opts.writeTruth !== undefined)) {
        throw new UsageError(
          '[emulate] --write-data and --write-truth write the generated scenario; they cannot be combined with --data.',
        );
      }
      const scenario = { seed: opts.seed, scale: opts.scale };
      if (opts.writeTruth !== undefined) {
        await writeFile(opts.writeTruth, `${JSON.stringify(emulator.scenarioTruth(scenario), null, 2)}\n`);
      }
      if (opts.writeData !== undefined) {
        const target = opts.writeData === '-' ? io.stdout : opts.writeData;
        const summary = await emulator.writeDataset(target, emulator.generateScenarioChunks(scenario));
        io.stderr.write(
          `mailtrail emulate: wrote ${summary.activities} activities of ${summary.mailboxes} mailboxes (${(summary.bytes / 1e6).toFixed(1)} MB) to ${opts.writeData}\n`,
        );
        return;
      }
      const credentials =
        opts.credentials === undefined ? undefined : await emulator.readCredentialsFile(opts.credentials);
      if (!LOOPBACK.test(opts.host)) {
        io.stderr.write(
          `mailtrail emulate: warning: binding ${opts.host}, not loopback; anyone who can reach it can read the data with the token.\n`,
        );
      }
      const running = await emulator.startEmulator({
        ...(opts.data === undefined ? { scenario } : { dataFile: opts.data }),
        host: opts.host,
        port: opts.port,
        ...(opts.token === undefined ? {} : { token: opts.token }),
        ...(credentials === undefined ? {} : { credentials }),
        defaultOrder: opts.defaultOrder,
        nextLink: opts.nextLink === true,
        faults: {
          seed: opts.faultSeed ?? opts.seed,
          latencyMs: opts.latency,
          latencyJitterMs: opts.latencyJitter,
          failRate: opts.failRate,
          resetRate: opts.resetRate,
        },
        ...(opts.throttle === undefined
          ? {}
          : { throttle: { limit: opts.throttle, windowSeconds: opts.throttleWindow } }),
        ...(opts.verbose ? { log: (line: string) => void io.stderr.write(`${line}\n`) } : {}),
      });
      io.stdout.write(`${running.url}\n`);
      const boxes = running.mailboxes.map((m) => `${m.upn} (${m.records})`).join(', ');
      const auth = running.generatedToken
        ? `bearer token for this run: ${running.generatedToken}`
        : credentials
          ? `credentials from ${opts.credentials}${opts.token ? ' and the --token bearer' : ''}`
          : 'the --token bearer reads every mailbox';
      io.stderr.write(
        `mailtrail emulate: serving ${running.mailboxes.length} mailboxes: ${boxes}; ${auth}; GET ${running.url}/api/v2.0/me/Activities; Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        if (!io.signal) return;
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await running.close();
      const stats = running.stats();
      io.stderr.write(
        `mailtrail emulate: stopped after ${stats.requests} requests (${stats.recordsServed} records served)\n`,
      );
    });
}
