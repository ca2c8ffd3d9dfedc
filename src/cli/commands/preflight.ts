/**
 * `mailtrail preflight`: before pulling evidence, ask the tenant what it can tell — is the
 * Unified Audit Log recording, is mailbox auditing on, which forensic operations each mailbox
 * audits, how far back its records reach, whether sign-in logs exist, and what the credentials
 * may read. Prints a question → evidence table (or JSON) and, with `--case`, keeps the result and
 * the raw answers as evidence. Gaps are findings (exit 0); errors exit 1 or 2.
 *
 * @module
 */
import { Command, Option } from '@commander-js/extra-typings';
import { addCredentialOptions, credentialChoiceFrom, CREDENTIALS_HELP } from '../_credential-options.js';
import type { CliIo } from '../_io.js';
import { collectMailboxes } from '../_mailboxes.js';
import { positiveInt } from '../_args.js';

const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';
const DEFAULT_EXCHANGE_URL = 'https://outlook.office365.com';

export function preflightCommand(io: CliIo) {
  const command = new Command('preflight')
    .description(
      'Report what the tenant can tell before acquiring: audit ingestion, mailbox auditing and bypass, audited operations per mailbox, licence retention, sign-in logs, and the permissions of the credentials',
    )
    .option('--user <upn...>', 'mailbox to check (repeatable)')
    .option('--users-file <file>', 'file with one mailbox UPN per line (# starts a comment)')
    .option('--start <iso8601>', 'incident start: is it still inside the retention of each source?')
    .option('--graph-url <url>', 'Microsoft Graph root, e.g. the emulator URL', DEFAULT_GRAPH_URL)
    .option(
      '--exchange-url <url>',
      'Exchange Online root (…/adminapi/beta/{tenant}/InvokeCommand)',
      DEFAULT_EXCHANGE_URL,
    )
    .option('--case <dir>', 'keep the result and the raw responses as evidence in this case')
    .option('--json', 'print the result as JSON on stdout')
    .addOption(
      new Option('--timeout <seconds>', 'time limit per request')
        .argParser(positiveInt('--timeout'))
        .default(30),
    );
  return addCredentialOptions(command, { basic: false })
    .addHelpText(
      'after',
      `
Every probe is a harmless read: Graph /organization, /subscribedSkus, /users/{upn}/licenseDetails,
/auditLogs/signIns?$top=1, /security/auditLog/queries?$top=1 (lists queries; never creates one), and
the Exchange cmdlets Get-AdminAuditLogConfig, Get-OrganizationConfig, Get-Mailbox and
Get-MailboxAuditBypassAssociation. A row that could not be determined says "unknown" with the reason
and the permission that would tell. Details: docs/preflight.md.

--tenant is the sign-in tenant and the tenant of the Exchange admin API; with --token/OAUTH_TOKEN it
only names the Exchange tenant (default: the token's tid, else Graph /organization).
With --token/OAUTH_TOKEN the same token is sent to both APIs; an app sign-in gets one token per API.
${CREDENTIALS_HELP.trim()}

Exit codes: 0 the check ran (gaps are findings); 1 nothing could be learned (credentials refused, APIs unreachable); 2 usage.

Examples:
  mailtrail preflight --tenant contoso.onmicrosoft.com --client-id APP --certificate app.pem \\
    --user victim@contoso.com --start 2026-05-01 --case ./case
  mailtrail preflight --graph-url http://127.0.0.1:8080 --exchange-url http://127.0.0.1:8080 \\
    --token T --user ap.clerk@contoso.example --json
`,
    )
    .action(async (opts) => {
      const users = await collectMailboxes(opts.user ?? [], opts.usersFile, {
        component: '[preflight]',
        keepCase: true,
      });
      const full = credentialChoiceFrom(opts, io, '[preflight]');
      // With a ready token, --tenant names only the Exchange tenant: it starts no sign-in.
      const readyToken =
        full.clientId === undefined && (full.token !== undefined || nonEmpty(io.env.OAUTH_TOKEN));
      const { tenant: signInTenant, ...withoutTenant } = full;
      const choice = readyToken ? withoutTenant : full;
      const { runPreflight, formatPreflight, preflightCredentials } =
        await import('../../case/preflight/index.js');
      const creds = await preflightCredentials(choice);
      try {
        const result = await runPreflight({
          users,
          ...(signInTenant !== undefined ? { tenant: signInTenant } : {}),
          ...(opts.start !== undefined ? { start: opts.start } : {}),
          graphUrl: opts.graphUrl,
          exchangeUrl: opts.exchangeUrl,
          credentials: { graph: creds.graph, exchange: creds.exchange },
          ...(opts.case !== undefined ? { caseDir: opts.case } : {}),
          ...(creds.ca !== undefined ? { ca: creds.ca } : {}),
          timeoutMs: opts.timeout * 1000,
          command: io.argv ?? ['preflight'],
          env: io.env,
          ...(io.signal ? { signal: io.signal } : {}),
        });
        if (opts.json === true) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else io.stdout.write(formatPreflight(result, (io.stdout as { columns?: number }).columns ?? 120));
      } finally {
        await creds.close();
      }
    });
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
