/**
 * `mailtrail fetch signins`: Entra ID sign-in logs through Graph `/auditLogs/signIns`.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import type { CliIo } from '../_io.js';
import { formatCount, progressLine } from '../_progress.js';
import { CREDENTIALS_HELP } from '../_credential-options.js';
import { graphRunOptions, reportGraph, withGraphOptions } from './fetch-audit.js';
import { commaList, positiveInt } from '../_args.js';

export function signInsCommand(io: CliIo) {
  return withGraphOptions(
    new Command('signins').description(
      'Retrieve Entra ID sign-in logs through Graph, one slice per user and time window in parallel, keeping every page as hashed evidence',
    ),
    { apiVersion: 'beta', noun: 'sign-ins' },
  )
    .addOption(
      new Option('--page-size <n>', 'sign-ins per page ($top, at most 1000)')
        .argParser(positiveInt('--page-size'))
        .default(1000),
    )
    .option(
      '--all-users',
      'every sign-in of the tenant, with no user filter (the only way to service principal and managed identity sign-ins, which name no user)',
    )
    .option(
      '--event-types <types>',
      'sign-in event types, comma separated: interactiveUser, nonInteractiveUser, servicePrincipal, managedIdentity (default: "interactiveUser,nonInteractiveUser")',
    )
    .addHelpText(
      'after',
      `
API version: beta by default, because only beta sign-ins carry sessionId, uniqueTokenIdentifier and
userAgent, which tie sign-ins to the sessions of Exchange audit records; --api-version v1.0 for the stable API.
Event types: without a filter the endpoint returns interactive sign-ins only. By default both interactive
and non-interactive user sign-ins are retrieved: non-interactive ones are the token refreshes of a session,
where an attacker replaying a stolen refresh token shows. servicePrincipal and managedIdentity sign-ins name
no user: they are retrieved only with --all-users (every sign-in of the tenant, no user filter).
v1.0 returns interactive sign-ins only: with v1.0 give --event-types interactiveUser (anything else is
refused). acquisition.json records the types asked for.
Permissions: AuditLog.Read.All (and an Entra ID P1 licence in the tenant), for every event type.
Credentials: an app sign-in (below), --token, or the OAUTH_TOKEN environment variable.
${CREDENTIALS_HELP.trim()}
Exit codes: 0 complete; 3 incomplete (missing slices are listed; rerun with --resume); 2 usage; 1 other errors.

Examples:
  OAUTH_TOKEN=... mailtrail fetch signins --user cfo@contoso.com --start 2026-08-01 --end 2026-08-31 --case ./case
  mailtrail fetch signins --all-users --event-types servicePrincipal,managedIdentity --start 2026-08-01 --end 2026-08-08 --out ./apps
  mailtrail fetch signins --event-types interactiveUser --api-version v1.0 --user cfo@contoso.com --start 2026-08-01 --end 2026-08-31 --out ./acq
  mailtrail fetch signins --case ./case --user cfo@contoso.com --start 2026-08-01 --end 2026-08-31 --resume
`,
    )
    .action(async (opts) => {
      const base = await graphRunOptions(io, opts, opts.allUsers === true);
      const progress = progressLine(io, opts.quiet === true || opts.json === true);
      const { runFetchSignIns } = await import('../../case/fetch/signins/index.js');
      const result = await runFetchSignIns({
        ...base,
        pageSize: opts.pageSize,
        ...(opts.eventTypes !== undefined
          ? {
              eventTypes: commaList(opts.eventTypes),
            }
          : {}),
        onProgress: (p) =>
          progress.update(
            `slice ${p.slicesDone}/${p.slices} · ${formatCount(p.records)} sign-ins · ${formatCount(p.requests)} req · ${p.retries} retries`,
          ),
      });
      progress.done();
      reportGraph(io, result, opts.json === true, 'sign-ins');
    });
}
