/**
 * The emulator as a loopback HTTP server (node:http, keep-alive). Loads the data into
 * {@link MailboxStore}s, wraps every request so that nothing can crash the server or leave a
 * socket hanging (an unexpected exception is a 500 with an error body), and closes cleanly.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readDatasetFile } from './dataset/read-dataset-file.js';
import { chunksOf, type DatasetSource } from './dataset/types.js';
import { ODataError } from './odata/odata-error.js';
import { handleActivities, type EmulatorStats, type HandlerContext } from './http/activities-handler.js';
import { Authenticator, type CredentialsConfig } from './http/credentials.js';
import { pathnameOf, type EmulatorRoute } from './http/emulator-route.js';
import { IssuedTokens } from './http/issued-tokens.js';
import { FaultInjector, type FaultOptions } from './http/faults.js';
import { setUpGraph } from './graph/graph-setup.js';
import type { GraphOptions } from './graph/options.js';
import { respondError } from './http/respond.js';
import { Throttle, type ThrottleOptions } from './http/throttle.js';
import { checkIdentityConfig, type IdentityConfig } from './identity/identity-config.js';
import { IdentityProvider, type IdentityStats } from './identity/identity-provider.js';
import { identityRoutes } from './identity/identity-routes.js';
import { directoryRoute } from './directory/directory-routes.js';
import { checkTenantConfig } from './directory/tenant-config-file.js';
import { resolveTenant, type TenantConfig } from './directory/tenant-config.js';
import { invokeCommandRoute } from './exchange-admin/invoke-command-route.js';
import { generateScenarioChunks, type ScenarioOptions } from './scenario/generate.js';
import { createTestAuthority } from './tls/certificate.js';
import { MailboxStoreBuilder, type MailboxStore } from './store/mailbox-store.js';

/** Options of {@link startEmulator}. Give `data` or `scenario` (the default is the BEC scenario, seed 1). */
export interface EmulatorOptions {
  /** Activities to serve: a data set or chunks (e.g. from `generateScenarioChunks`). */
  readonly data?: DatasetSource;
  /** Read a `--data` file (streamed into the indexes; refused with a FormatError if bad). */
  readonly dataFile?: string;
  /** Generate the built-in scenario instead of `data`. */
  readonly scenario?: ScenarioOptions;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /** A bearer token valid for every mailbox; `me` is the first mailbox. */
  readonly token?: string;
  /** Per-token and Basic credentials (the `--credentials` file). */
  readonly credentials?: CredentialsConfig;
  /** Order without `$orderby` ([U]); default `'desc'`, newest first. */
  readonly defaultOrder?: 'asc' | 'desc';
  /** Page size without `$top` ([U]); default 10. */
  readonly defaultTop?: number;
  /** Add `@odata.nextLink` when more results exist ([U]); default false, as no 2018 client read it. */
  readonly nextLink?: boolean;
  /** Injected latency, failures and resets. */
  readonly faults?: FaultOptions;
  /** Throttling; absent = unlimited and no Rate-Limit headers. */
  readonly throttle?: ThrottleOptions;
  /** Receives one access-log line per request (never credentials). */
  readonly log?: (line: string) => void;
  /**
   * The Microsoft Graph audit log query API and sign-in log (`/v1.0|beta/security/auditLog/…`,
   * `/v1.0|beta/auditLogs/signIns`): data (default: the scenario's, when the Activities come from
   * the scenario) and query behaviour. See docs/emulator.md, "Microsoft Graph".
   */
  readonly graph?: GraphOptions;
  /**
   * Serve HTTPS with a certificate from a test CA made for this run (MSAL refuses a plain-HTTP
   * authority). Clients trust `RunningEmulator.caCertificate`.
   */
  readonly tls?: boolean;
  /** The identity provider's tenant, apps and users; absent = no identity endpoints. */
  readonly identity?: IdentityConfig;
  /**
   * The tenant's audit facts served by the Graph directory endpoints and the Exchange admin API
   * (`/adminapi/beta/{tenant}/InvokeCommand`); defaults fit the BEC scenario (docs/preflight.md).
   */
  readonly tenant?: TenantConfig;
}

/** The identity provider of a running emulator. */
export interface EmulatorIdentity {
  /** Authority URL of the tenant, e.g. `https://127.0.0.1:41234/<tenant id>`. */
  readonly authority: string;
  stats(): IdentityStats;
  /** Approves a pending device code as `upn` (what the verification page does). */
  approveDeviceCode(userCode: string, upn: string): 'ok' | 'unknown' | 'expired' | 'settled' | 'unknown-user';
  declineDeviceCode(userCode: string): 'ok' | 'unknown' | 'expired' | 'settled';
  /** Revokes the refresh tokens of `upn` (everyone's when omitted); returns how many. */
  revokeSignIns(upn?: string): number;
  /** The next `count` token requests fail: 503 temporarily_unavailable (default) or 500 server_error. */
  failTokenRequests(count: number, status?: 500 | 503): void;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`; the API lives under `/api/v2.0/…`. */
  readonly url: string;
  /** The token made up when neither `token` nor `credentials` was given, else `null`. */
  readonly generatedToken: string | null;
  /** Served mailboxes (in data order) with their record counts. */
  readonly mailboxes: readonly { readonly upn: string; readonly records: number }[];
  /** Stops accepting, drops open connections and resolves when the server is closed. */
  close(): Promise<void>;
  /** A snapshot of the request counters. */
  stats(): EmulatorStats;
  /** What the Graph endpoints serve (reading it generates the scenario's audit log if needed). */
  readonly graph: { readonly auditRecords: number; readonly signIns: number };
  /** With `tls`: the PEM certificate of this run's test CA, for clients to trust; else `null`. */
  readonly caCertificate: string | null;
  /** With `identity`: the identity provider; else `null`. */
  readonly identity: EmulatorIdentity | null;
}

/** Builds the sorted, indexed stores of a data source (exported for the bench). */
export function buildStores(source: DatasetSource): Map<string, MailboxStore> {
  const builders = new Map<string, MailboxStoreBuilder>();
  for (const chunk of chunksOf(source)) {
    for (const activity of chunk.activities) builderFor(builders, chunk.mailbox).add(activity);
    builderFor(builders, chunk.mailbox);
  }
  return new Map([...builders].map(([key, b]) => [key, b.build()]));
}

function builderFor(builders: Map<string, MailboxStoreBuilder>, mailbox: string): MailboxStoreBuilder {
  const key = mailbox.toLowerCase();
  let builder = builders.get(key);
  if (!builder) builders.set(key, (builder = new MailboxStoreBuilder(mailbox)));
  return builder;
}

/** Streams a data file straight into the indexes: no activity objects are kept. */
async function storesFromFile(path: string): Promise<Map<string, MailboxStore>> {
  const builders = new Map<string, MailboxStoreBuilder>();
  const keys = await readDatasetFile(path, (mailbox, activity) =>
    builderFor(builders, mailbox).add(activity),
  );
  // Data order decides who `me` is for --token: rebuild the map in file order, empty mailboxes included.
  return new Map(keys.map((k) => [k.toLowerCase(), builderFor(builders, k).build()]));
}

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const stores = options.dataFile
    ? await storesFromFile(options.dataFile)
    : buildStores(options.data ?? generateScenarioChunks(options.scenario ?? { seed: 1, scale: 1 }));
  if (stores.size === 0) throw new Error('startEmulator: the data has no mailboxes');
  const firstUser = (stores.values().next().value as MailboxStore).upn;
  const generatedToken =
    options.token === undefined && options.credentials === undefined
      ? randomBytes(24).toString('base64url')
      : null;
  const stats: EmulatorStats = {
    requests: 0,
    byStatus: {},
    recordsServed: 0,
    faults: { delayed: 0, failed: 0, reset: 0, throttled: 0 },
    internalErrors: 0,
  };
  // Tokens the identity provider issues and the Graph endpoints accept.
  const tokens = new IssuedTokens();
  const ctx: HandlerContext = {
    stores,
    tokens,
    auth: new Authenticator(options.credentials ?? {}, options.token ?? generatedToken, firstUser),
    faults: new FaultInjector(options.faults ?? {}),
    throttle: options.throttle ? new Throttle(options.throttle) : null,
    defaults: { descending: (options.defaultOrder ?? 'desc') === 'desc', top: options.defaultTop ?? 10 },
    nextLink: options.nextLink ?? false,
    stats,
  };
  // Endpoint families served next to the Activities API; the Activities API answers the rest.
  const routes: EmulatorRoute[] = [];
  const graph = await setUpGraph(
    { auth: ctx.auth, tokens, throttle: ctx.throttle, stats },
    options.graph ?? {},
    options.data === undefined && options.dataFile === undefined
      ? (options.scenario ?? { seed: 1, scale: 1 })
      : null,
  );
  routes.push(...graph.routes);
  const identity = options.identity
    ? new IdentityProvider(checkIdentityConfig(options.identity), tokens)
    : null;
  if (identity) routes.push(...identityRoutes(identity));
  const tenant = resolveTenant(
    checkTenantConfig(options.tenant ?? {}),
    [...stores.values()].map((s) => s.upn),
    options.identity,
  );
  routes.push(
    directoryRoute({ auth: ctx.auth, tokens, tenant }),
    invokeCommandRoute({ auth: ctx.auth, tokens, tenant }),
  );
  const authority = options.tls ? createTestAuthority() : null;
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    void serve(ctx, routes, req, res, options.log);
  const server = authority
    ? createTlsServer({ key: authority.serverKeyPem, cert: authority.serverCertPem }, handler)
    : createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${authority ? 'https' : 'http'}://${host}:${address.port}`;
  return {
    url,
    caCertificate: authority?.caPem ?? null,
    identity: identity && {
      authority: `${url}/${identity.config.tenantId}`,
      stats: () => identity.stats(),
      approveDeviceCode: (code, upn) => identity.approveDeviceCode(code, upn),
      declineDeviceCode: (code) => identity.declineDeviceCode(code),
      revokeSignIns: (upn) => identity.revokeSignIns(upn),
      failTokenRequests: (count, status) => identity.failTokenRequests(count, status),
    },
    generatedToken,
    graph: {
      get auditRecords() {
        return graph.auditRecords;
      },
      get signIns() {
        return graph.signIns;
      },
    },
    mailboxes: [...stores.values()].map((s) => ({ upn: s.upn, records: s.size })),
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  ctx: HandlerContext,
  routes: readonly EmulatorRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  log: ((line: string) => void) | undefined,
): Promise<void> {
  const started = process.hrtime.bigint();
  ctx.stats.requests++;
  res.on('close', () => {
    const status = res.writableFinished ? String(res.statusCode) : `${res.statusCode}-reset`;
    ctx.stats.byStatus[status] = (ctx.stats.byStatus[status] ?? 0) + 1;
    // The URL carries no secrets; the Authorization header is never logged.
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log?.(`${req.socket.remoteAddress ?? '-'} "${req.method} ${req.url}" ${status} ${ms.toFixed(1)}ms`);
  });
  try {
    const decision = ctx.faults.decide(req.url ?? '/');
    if (decision.delayMs > 0) {
      ctx.stats.faults.delayed++;
      await new Promise((r) => setTimeout(r, decision.delayMs).unref());
      if (res.destroyed) return;
    }
    const pathname = pathnameOf(req.url);
    const route = routes.find((r) => r.matches(pathname));
    if (route) await route.handle(req, res, decision);
    else handleActivities(ctx, req, res, decision);
  } catch (err) {
    ctx.stats.internalErrors++;
    process.stderr.write(
      `[emulate] internal error on ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    if (!res.headersSent) {
      respondError(
        res,
        new ODataError(
          500,
          'ErrorInternalServerError',
          `The emulator failed on this request: ${err instanceof Error ? err.message : String(err)}`,
        ),
        {},
      );
    } else res.destroy();
  }
}
