/**
 * The emulator's identity provider: the tenant's OpenID metadata and the OAuth 2.0 grants mailtrail
 * uses (client credentials with a secret or a certificate assertion, device code, refresh token),
 * answered as Entra ID answers them, including its `AADSTS` refusals. Access tokens come from the
 * shared {@link IssuedTokens} registry, so the Activities, Graph and Exchange endpoints accept them.
 * This class knows no HTTP; identity-routes.ts parses requests and writes answers.
 *
 * @module
 */
import { RESOURCE_AUDIENCE } from '../../sources/identity/resources.js';
import type { IssuedTokens, TokenClaims } from '../http/issued-tokens.js';
import { AadError, temporarilyUnavailable } from './aad-error.js';
import { authenticateClient, clientAuthOf, type ClientAuth } from './client-auth.js';
import { DeviceCodes } from './device-codes.js';
import { deviceCodeRefusal } from './device-code-refusal.js';
import type { IdentityApp, IdentityConfig, IdentityUser } from './identity-config.js';
import { appOf, tenantOf, userOf } from './identity-directory.js';
import { IdTokenSigner, instanceDiscovery, openidConfiguration } from './metadata.js';
import { RefreshTokens } from './refresh-tokens.js';
import { appOnlyTarget, delegatedGrant, parseScopes } from './scopes.js';

/** Counters exposed to tests and `emulate --verbose`. */
export interface IdentityStats {
  tokenRequests: number;
  tokensIssued: number;
  byGrant: Record<string, number>;
  /** Refusals by AADSTS code. */
  errors: Record<string, number>;
}

/** Where a request arrived: the tenant path segment and the base URL the client used. */
export interface RequestPlace {
  readonly tenant: string;
  readonly base: string;
}

/** RFC 8628's grant type; Entra ID (and MSAL) also use the short form. */
const DEVICE_CODE_GRANTS = ['urn:ietf:params:oauth:grant-type:device_code', 'device_code'];

export class IdentityProvider {
  readonly #stats: IdentityStats = { tokenRequests: 0, tokensIssued: 0, byGrant: {}, errors: {} };
  readonly #deviceCodes: DeviceCodes;
  readonly #refresh: RefreshTokens;
  readonly #signer = new IdTokenSigner();
  readonly #lifetimeS: number;
  #outage = 0;
  #outageStatus: 500 | 503 = 503;

  constructor(
    readonly config: IdentityConfig,
    private readonly tokens: IssuedTokens,
    private readonly now: () => number = Date.now,
  ) {
    this.#lifetimeS = config.tokenLifetimeSeconds ?? 3600;
    this.#refresh = new RefreshTokens(now);
    const auto = config.deviceCode?.autoApprove;
    this.#deviceCodes = new DeviceCodes({
      expiresInSeconds: config.deviceCode?.expiresInSeconds ?? 900,
      intervalSeconds: config.deviceCode?.intervalSeconds ?? 1,
      ...(auto ? { autoApprove: { upn: auto.upn, afterPolls: auto.afterPolls ?? 1 } } : {}),
    });
  }

  stats(): IdentityStats {
    return structuredClone(this.#stats);
  }

  /**
   * The next `count` token requests fail as during a short outage: 503 temporarily_unavailable
   * (with Retry-After), or 500 server_error (without).
   */
  failTokenRequests(count: number, status: 500 | 503 = 503): void {
    this.#outage = Math.max(0, Math.floor(count));
    this.#outageStatus = status;
  }

  /** Revokes the refresh tokens of `upn` (everyone's when omitted): refreshes get invalid_grant. */
  revokeSignIns(upn?: string): number {
    return this.#refresh.revoke(upn);
  }

  /** Counts a refusal (the routes call this for every AADSTS answer). */
  countError(code: number): void {
    this.#stats.errors[String(code)] = (this.#stats.errors[String(code)] ?? 0) + 1;
  }

  /** The tenant id a path segment names, or AADSTS90002 (see identity-directory.ts). */
  tenantOf(segment: string, allowMulti = true): string {
    return tenantOf(this.config, segment, allowMulti);
  }

  openidConfiguration(place: RequestPlace): Record<string, unknown> {
    return openidConfiguration(place.base, this.tenantOf(place.tenant));
  }

  /** Instance discovery (`/common/discovery/instance`). */
  instanceDiscovery(base: string): Record<string, unknown> {
    return instanceDiscovery(base);
  }

  jwks(): Record<string, unknown> {
    return this.#signer.jwks();
  }

  /** `POST /{tenant}/oauth2/v2.0/devicecode`. */
  deviceAuthorization(place: RequestPlace, params: URLSearchParams): Record<string, unknown> {
    const tid = this.tenantOf(place.tenant);
    const app = this.#app(params.get('client_id'), tid);
    const scopes = parseScopes(params.get('scope') ?? undefined);
    const grant = this.#deviceCodes.create(app.clientId, tid, scopes, this.now());
    const uri = `${place.base}/devicelogin`;
    return {
      user_code: grant.userCode,
      device_code: grant.deviceCode,
      verification_uri: uri,
      expires_in: Math.round((grant.expiresAt - this.now()) / 1000),
      interval: grant.intervalSeconds,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${grant.userCode} to authenticate.`,
    };
  }

  /** Approves a pending device code as `upn` (the verification page and tests). */
  approveDeviceCode(userCode: string, upn: string) {
    if (!this.#user(upn)) return 'unknown-user' as const;
    return this.#deviceCodes.approve(userCode, upn, this.now());
  }

  declineDeviceCode(userCode: string) {
    return this.#deviceCodes.decline(userCode, this.now());
  }

  /** The app a pending device code belongs to (for the verification page). */
  deviceCodeApp(userCode: string): IdentityApp | undefined {
    const grant = this.#deviceCodes.byUserCode(userCode);
    return grant ? this.config.apps.find((a) => a.clientId === grant.clientId) : undefined;
  }

  /** `POST /{tenant}/oauth2/v2.0/token`. */
  token(
    place: RequestPlace,
    params: URLSearchParams,
    authorization: string | undefined,
  ): Record<string, unknown> {
    this.#stats.tokenRequests++;
    if (this.#outage > 0) {
      this.#outage--;
      throw this.#outageStatus === 503
        ? temporarilyUnavailable()
        : new AadError(500, 'server_error', 50000, 'There was an error issuing a token.');
    }
    const grantType = params.get('grant_type') ?? '';
    const clientAuth = clientAuthOf(params, authorization);
    const clientId = clientAuth.clientId;
    if (grantType === 'client_credentials') {
      const tid = this.tenantOf(place.tenant, false);
      const app = this.#app(clientId, tid);
      this.#authenticate(app, clientAuth, place, tid, true);
      const resource = appOnlyTarget(parseScopes(params.get('scope') ?? undefined));
      return this.#issue('client_credentials', {
        tenantId: tid,
        appId: app.clientId,
        audience: RESOURCE_AUDIENCE[resource],
        roles: app.roles?.[resource] ?? [],
        scopes: [],
      });
    }
    if (DEVICE_CODE_GRANTS.includes(grantType)) {
      const tid = this.tenantOf(place.tenant);
      const app = this.#app(clientId, tid);
      this.#authenticate(app, clientAuth, place, tid, false);
      const outcome = this.#deviceCodes.poll(params.get('device_code') ?? '', app.clientId, this.now());
      if (outcome.kind !== 'approved') throw deviceCodeRefusal(outcome);
      return this.#delegated('device_code', place, tid, app, outcome.upn, outcome.grant.scopes);
    }
    if (grantType === 'refresh_token') {
      const tid = this.tenantOf(place.tenant);
      const app = this.#app(clientId, tid);
      this.#authenticate(app, clientAuth, place, tid, false);
      const given = params.get('refresh_token') ?? '';
      const upn = this.#refresh.redeem(given, app.clientId);
      if (upn === null)
        throw new AadError(
          400,
          'invalid_grant',
          700082,
          'The refresh token has expired or is invalid. The user must sign in again.',
        );
      return this.#delegated(
        'refresh_token',
        place,
        tid,
        app,
        upn,
        parseScopes(params.get('scope') ?? undefined),
      );
    }
    throw new AadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }

  #issue(grant: string, claims: Omit<TokenClaims, 'expiresAt'>, extra: Record<string, unknown> = {}) {
    const access = this.tokens.issue({ ...claims, expiresAt: this.now() + this.#lifetimeS * 1000 });
    this.#stats.tokensIssued++;
    this.#stats.byGrant[grant] = (this.#stats.byGrant[grant] ?? 0) + 1;
    return {
      token_type: 'Bearer',
      ...extra,
      expires_in: this.#lifetimeS,
      ext_expires_in: this.#lifetimeS,
      access_token: access,
    };
  }

  #delegated(
    grant: string,
    place: RequestPlace,
    tid: string,
    app: IdentityApp,
    upn: string,
    scopes: readonly string[],
  ): Record<string, unknown> {
    const user = this.#user(upn)!;
    const { resource, granted } = delegatedGrant(scopes, user.scopes, user.upn, app.clientId);
    const refresh = this.#refresh.issue(app.clientId, user.upn);
    const signed = this.#signer.sign({
      base: place.base,
      tid,
      clientId: app.clientId,
      upn: user.upn,
      nowMs: this.now(),
      lifetimeS: this.#lifetimeS,
    });
    return this.#issue(
      grant,
      {
        tenantId: tid,
        appId: app.clientId,
        audience: RESOURCE_AUDIENCE[resource],
        roles: [],
        scopes: granted,
        upn: user.upn,
      },
      {
        scope: granted.map((s) => `${RESOURCE_AUDIENCE[resource]}/${s}`).join(' '),
        refresh_token: refresh,
        id_token: signed.idToken,
        client_info: signed.clientInfo,
      },
    );
  }

  #app(clientId: string | null | undefined, tid: string): IdentityApp {
    return appOf(this.config, clientId, tid);
  }

  #user(upn: string): IdentityUser | undefined {
    return userOf(this.config, upn);
  }

  #authenticate(
    app: IdentityApp,
    auth: ClientAuth,
    place: RequestPlace,
    tid: string,
    confidentialOnly: boolean,
  ) {
    const audiences = [tid, ...(this.config.domains ?? []), place.tenant].map(
      (t) => `${place.base}/${t}/oauth2/v2.0/token`,
    );
    authenticateClient(app, auth, audiences, confidentialOnly, this.now());
  }
}
