/**
 * `mailtrail emulate`: serve the 2018 Office 365 Outlook Activities REST API on a loopback port,
 * from a data file or the built-in BEC scenario, with optional injected faults. Prints the base
 * URL as the first stdout line so scripts can read it, and stops cleanly on SIGINT/SIGTERM.
 *
 * @module
 */
import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../_io.js';
import { addEmulateOptions, type EmulateFlags } from './emulate-options.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function emulateCommand(io: CliIo) {
  const command = new Command('emulate').description(
    'Serve the 2018 Office 365 Outlook Activities REST API on 127.0.0.1, from a data file or a generated BEC scenario',
  );
  return addEmulateOptions(command).action(async (parsed: unknown) => {
    const opts = parsed as EmulateFlags;
    const emulator = await import('../../emulator/index.js');
    if (opts.data !== undefined && opts.scenario !== undefined)
      throw new UsageError('[emulate] Give either --data or --scenario, not both.');
    if (opts.recordsPageSize > 1000)
      throw new UsageError('[emulate] --records-page-size must be from 1 to 1000.');
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
    if (opts.writeCa !== undefined && opts.tls !== true)
      throw new UsageError('[emulate] --write-ca needs --tls (there is no CA without it).');
    const identity = opts.identity === undefined ? undefined : await emulator.readIdentityFile(opts.identity);
    const tenant =
      opts.tenantConfig === undefined ? undefined : await emulator.readTenantConfigFile(opts.tenantConfig);
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
      ...(tenant === undefined ? {} : { tenant }),
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
      ...(opts.tls === true ? { tls: true } : {}),
      ...(identity === undefined ? {} : { identity }),
      graph: {
        ...(opts.auditData === undefined ? {} : { auditDataFile: opts.auditData }),
        ...(opts.signinsData === undefined ? {} : { signInsDataFile: opts.signinsData }),
        recordsPageSize: opts.recordsPageSize,
        query: {
          seed: opts.faultSeed ?? opts.seed,
          runPolls: opts.queryRunPolls,
          runMs: opts.queryRunMs,
          failRate: opts.queryFailRate,
          longRunRate: opts.queryLongRunRate,
          longRunPolls: opts.queryLongRunPolls,
          recordCountLimit: opts.queryRecordLimit,
          countSkew: opts.queryCountSkew,
          dropCreateResponses: opts.queryDropCreate,
          ...(opts.queryDenyCreateAfter === undefined ? {} : { denyCreatesAfter: opts.queryDenyCreateAfter }),
          recordsBeforeSuccess: opts.recordsBeforeSuccess,
        },
      },
    });
    if (opts.writeCa !== undefined && running.caCertificate !== null)
      await writeFile(opts.writeCa, running.caCertificate, { mode: 0o644 });
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
    io.stderr.write(
      `mailtrail emulate: Microsoft Graph: ${running.graph.auditRecords} audit records (POST ${running.url}/v1.0/security/auditLog/queries), ${running.graph.signIns} sign-ins of all event types (GET ${running.url}/beta/auditLogs/signIns; interactive ones unless a signInEventTypes filter asks for others, as the service does)\n`,
    );
    if (running.identity) {
      io.stderr.write(
        `mailtrail emulate: identity provider for tenant ${running.identity.authority}: sign in with --authority-host ${running.url}${opts.writeCa !== undefined ? ` --ca-file ${opts.writeCa}` : ''}; approve device codes at ${running.url}/devicelogin\n`,
      );
    }
    if (opts.writeCa !== undefined)
      io.stderr.write(`mailtrail emulate: wrote the test CA certificate to ${opts.writeCa}\n`);
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
