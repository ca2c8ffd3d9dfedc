/**
 * Shared helpers of the pre-flight tests: an emulator serving two empty mailboxes of the BEC
 * scenario's tenant with a given tenant configuration and an identity provider with two apps
 * (one with every permission, one without the Exchange role), tokens fetched from it over
 * loopback HTTP, and the CLI run in-process with captured output.
 */
import { PassThrough } from 'node:stream';
import { request } from 'undici';
import { startEmulator, type RunningEmulator, type TenantConfig } from '../../src/emulator/index.js';
import { runCommand } from '../../src/cli/run.js';
import { bearerToken } from '../../src/sources/_http/credentials.js';
import { runPreflight, type PreflightOptions, type PreflightResult } from '../../src/case/preflight/index.js';

export const VICTIM = 'ap.clerk@contoso.example';
export const COLLEAGUE = 'finance.lead@contoso.example';
export const TENANT_ID = '4f6b1c2d-8e9a-4b7c-9d0e-1a2b3c4d5e6f';
export const TOKEN = 'preflight-test-token';

export const FULL_APP = '11111111-1111-4111-8111-111111111111';
export const NO_EXCHANGE_APP = '22222222-2222-4222-8222-222222222222';
export const SECRET = 'app-secret-value';

const GRAPH_ROLES = [
  'Organization.Read.All',
  'User.Read.All',
  'AuditLog.Read.All',
  'AuditLogsQuery.Read.All',
];

export async function startTenant(tenant: TenantConfig = {}, { tls = false } = {}): Promise<RunningEmulator> {
  return startEmulator({
    tls,
    data: { mailboxes: { [VICTIM]: [], [COLLEAGUE]: [] } },
    token: TOKEN,
    tenant,
    identity: {
      tenantId: TENANT_ID,
      domains: ['contoso.example'],
      apps: [
        {
          clientId: FULL_APP,
          secrets: [SECRET],
          roles: { graph: GRAPH_ROLES, exchange: ['Exchange.ManageAsApp'] },
        },
        { clientId: NO_EXCHANGE_APP, secrets: [SECRET], roles: { graph: GRAPH_ROLES, exchange: [] } },
      ],
    },
  });
}

/** An app-only token from the emulator's identity provider (client credentials over HTTP). */
export async function appToken(emu: RunningEmulator, clientId: string, resource: string): Promise<string> {
  const res = await request(`${emu.url}/${TENANT_ID}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: SECRET,
      scope: `${resource}/.default`,
    }).toString(),
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (res.statusCode !== 200 || !body.access_token)
    throw new Error(`token request failed: ${res.statusCode} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Runs the check against the emulator with one token for both APIs unless told otherwise. */
export function preflight(
  emu: RunningEmulator,
  extra: Partial<PreflightOptions> = {},
  { omitTenant = false } = {},
): Promise<PreflightResult> {
  const cred = bearerToken(TOKEN, 'test');
  return runPreflight({
    users: [VICTIM, COLLEAGUE],
    graphUrl: emu.url,
    exchangeUrl: emu.url,
    ...(omitTenant ? {} : { tenant: TENANT_ID }),
    credentials: { graph: cred, exchange: cred },
    maxAttempts: 1,
    ...extra,
  });
}

/** The row `id` for `scope`, failing loudly when absent. */
export function row(result: PreflightResult, id: string, scope = 'tenant') {
  const r = result.rows.find((x) => x.id === id && x.scope === scope);
  if (!r)
    throw new Error(
      `no row ${id} for ${scope}; rows: ${result.rows.map((x) => `${x.scope}:${x.id}`).join(', ')}`,
    );
  return r;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runCommand(argv, { stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
