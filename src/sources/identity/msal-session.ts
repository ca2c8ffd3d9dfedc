/**
 * One Microsoft identity sign-in per run, on `@azure/msal-node`, serving every API the run calls:
 * app-only with a client secret or a certificate (ConfidentialClientApplication, client
 * credentials), or delegated with a device code (PublicClientApplication: the user signs in once,
 * then tokens for other APIs come silently from the refresh token). Each API gets a
 * {@link CredentialProvider} that keeps its token until shortly before expiry, fetches one at a
 * time, and forces a fresh one after `invalidate()` (a 401).
 *
 * @module
 */
import {
  ConfidentialClientApplication,
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node';
import { UsageError } from '../../errors.js';
import type { CredentialProvider } from '../_http/credentials.js';
import type { ClientCertificate } from './client-certificate.js';
import { discoverAuthority } from './discovery.js';
import { deviceCodeSignIn } from './device-code-sign-in.js';
import { identityNetworkClient, type IdentityNetworkClient } from './network-client.js';
import { defaultScope, type ApiResource } from './resources.js';
import { isTransientSignInFailure, signInError } from './sign-in-error.js';
import type { EncryptedTokenCache } from './token-cache.js';

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export type SignInMode =
  | { readonly kind: 'client-secret'; readonly secret: string }
  | { readonly kind: 'client-certificate'; readonly certificate: ClientCertificate; readonly file: string }
  | {
      readonly kind: 'device-code';
      readonly onMessage: (message: string) => void;
      /** Aborting it stops polling for the user's approval at once. */
      readonly signal?: AbortSignal;
    };

export interface IdentitySessionOptions {
  /** Tenant id or verified domain. */
  readonly tenant: string;
  readonly clientId: string;
  readonly mode: SignInMode;
  /** `https://login.microsoftonline.com` by default; the emulator's URL in tests. */
  readonly authorityHost?: string;
  /** Extra CA certificates (PEM) to trust for the identity provider. */
  readonly ca?: string;
  /** Encrypted persistent cache; absent = memory only. */
  readonly cache?: EncryptedTokenCache;
  /** MSAL warnings and errors (MSAL's PII logging stays off). */
  readonly log?: (line: string) => void;
  /** Clock for token expiry decisions (tests). */
  readonly now?: () => number;
  /** Waits between retries of a transient failure (tests shorten them). */
  readonly retryDelaysMs?: readonly number[];
}

/** Renew a token this long before it expires (or at half its lifetime, if shorter). */
const RENEW_BEFORE_MS = 5 * 60_000;

export class IdentitySession {
  readonly #o: IdentitySessionOptions;
  readonly #network: IdentityNetworkClient;
  readonly #config: Configuration;
  readonly #host: string;
  #app: Promise<ConfidentialClientApplication | PublicClientApplication> | null = null;
  readonly #now: () => number;
  #account: Promise<AccountInfo> | null = null;
  /** Transient failures of the cached sign-in: retried, never a reason for a new device code. */
  readonly #cachedFailures = new WeakSet<object>();
  readonly #providers = new Map<ApiResource, CredentialProvider>();
  /** Non-secret description of the sign-in, e.g. `client secret for app … in tenant …`. */
  readonly description: string;

  constructor(options: IdentitySessionOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    const host = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, '');
    let url: URL;
    try {
      url = new URL(host);
    } catch {
      throw new UsageError(`[auth] --authority-host ${JSON.stringify(host)} is not a URL`);
    }
    if (url.protocol !== 'https:')
      throw new UsageError(
        `[auth] --authority-host must be an https:// URL (MSAL refuses plain HTTP), not ${host}`,
      );
    this.#network = identityNetworkClient(options.ca !== undefined ? { ca: options.ca } : {});
    const custom = host !== DEFAULT_AUTHORITY_HOST;
    const log = options.log;
    this.#host = host;
    this.#config = {
      auth: {
        clientId: options.clientId,
        authority: `${host}/${options.tenant}`,
        ...(custom ? { knownAuthorities: [url.host] } : {}),
        ...(options.mode.kind === 'client-secret' ? { clientSecret: options.mode.secret } : {}),
        ...(options.mode.kind === 'client-certificate'
          ? {
              clientCertificate: {
                thumbprintSha256: options.mode.certificate.thumbprintSha256,
                privateKey: options.mode.certificate.privateKey,
                x5c: options.mode.certificate.x5c,
              },
            }
          : {}),
      },
      system: {
        networkClient: this.#network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message, containsPii) => {
            if (!containsPii && level <= LogLevel.Warning) log?.(`[msal] ${message}`);
          },
        },
      },
      ...(options.cache ? { cache: { cachePlugin: options.cache } } : {}),
    };
    const how =
      options.mode.kind === 'client-secret'
        ? 'client secret'
        : options.mode.kind === 'client-certificate'
          ? `certificate ${options.mode.certificate.thumbprintSha256.slice(0, 16)}… (${options.mode.file})`
          : 'device code sign-in';
    this.description = `${how} for app ${options.clientId} in tenant ${options.tenant}${custom ? ` at ${host}` : ''}`;
  }

  /** The credential provider of `resource`; the same object for every call. */
  provider(resource: ApiResource): CredentialProvider {
    let p = this.#providers.get(resource);
    if (!p) this.#providers.set(resource, (p = this.#makeProvider(resource)));
    return p;
  }

  /** Releases the network connections. */
  async close(): Promise<void> {
    await this.#network.close();
  }

  #makeProvider(resource: ApiResource): CredentialProvider {
    let held: { header: string; renewAt: number } | null = null;
    let pending: Promise<string> | null = null;
    let force = false;
    const acquire = async (): Promise<string> => {
      const result = await this.#acquire(resource, force);
      force = false;
      const obtained = this.#now();
      const expires = result.expiresOn?.getTime() ?? obtained + 300_000;
      const lifetime = Math.max(0, expires - obtained);
      held = {
        header: `${result.tokenType === 'pop' ? 'PoP' : 'Bearer'} ${result.accessToken}`,
        renewAt: expires - Math.min(RENEW_BEFORE_MS, lifetime / 2),
      };
      return held.header;
    };
    return {
      description: `${this.description}, for ${defaultScope(resource)}`,
      authorization: () => {
        if (held && this.#now() < held.renewAt) return Promise.resolve(held.header);
        pending ??= acquire().finally(() => (pending = null));
        return pending;
      },
      invalidate: () => {
        held = null;
        force = true;
      },
    };
  }

  async #acquire(resource: ApiResource, force: boolean): Promise<AuthenticationResult> {
    const scope = defaultScope(resource);
    const doing = `sign-in (${this.description}) for ${scope}`;
    const delays = this.#o.retryDelaysMs ?? [500, 2_000, 5_000];
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.#acquireOnce(scope, force);
        if (!result) throw new Error('the identity provider returned no token');
        return result;
      } catch (err) {
        if (err instanceof UsageError) throw err;
        // Never repeat an interactive sign-in on its own: a second device code after the user
        // may already have approved the first would only confuse.
        const interactive =
          this.#o.mode.kind === 'device-code' &&
          this.#account === null &&
          !this.#cachedFailures.has(err as object);
        if (interactive || attempt >= delays.length || !isTransientSignInFailure(err))
          throw signInError(err, doing, this.#secrets());
        // MSAL would refuse the retry itself (its throttling after a 429 or a 5xx lasts 60 s): an
        // app sign-in holds no user state, so the retry uses a new MSAL application.
        if (this.#o.mode.kind !== 'device-code') this.#app = null;
        await new Promise((r) => setTimeout(r, delays[attempt]));
      }
    }
  }

  /** The MSAL application, made once the tenant's metadata has been read. */
  #application(): Promise<ConfidentialClientApplication | PublicClientApplication> {
    if (this.#app === null) {
      this.#app = discoverAuthority(this.#network, this.#host, this.#o.tenant).then((metadata) => {
        const config = { ...this.#config, auth: { ...this.#config.auth, authorityMetadata: metadata } };
        return this.#o.mode.kind === 'device-code'
          ? new PublicClientApplication(config)
          : new ConfidentialClientApplication(config);
      });
      this.#app.catch(() => (this.#app = null));
    }
    return this.#app;
  }

  async #acquireOnce(scope: string, force: boolean): Promise<AuthenticationResult | null> {
    const app = await this.#application();
    if (app instanceof ConfidentialClientApplication) {
      return app.acquireTokenByClientCredential({ scopes: [scope], skipCache: force });
    }
    // Delegated: one interactive sign-in per run (or none, if the cache holds an account).
    if (this.#account === null) {
      const mode = this.#o.mode;
      if (mode.kind !== 'device-code') throw new Error('unreachable');
      const first = deviceCodeSignIn(app, scope, mode, this.#o.tenant, (err) =>
        this.#cachedFailures.add(err),
      );
      this.#account = first.then((r) => r.account!);
      this.#account.catch(() => (this.#account = null));
      const result = await first;
      if (!force) return result;
    }
    const account = await this.#account;
    return app.acquireTokenSilent({ account, scopes: [scope], forceRefresh: force });
  }

  #secrets(): string[] {
    const m = this.#o.mode;
    return m.kind === 'client-secret' ? [m.secret] : [];
  }
}
