/**
 * What the identity provider publishes: the tenant's OpenID Connect discovery document, instance
 * discovery, and the key that signs ID tokens (a P-256 key made at start-up). MSAL reads the
 * discovery document to find the token and device-code endpoints; an ID token and `client_info`
 * tell it who signed in, so the account lands in its cache for silent renewal.
 *
 * @module
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** `/{tenant}/v2.0/.well-known/openid-configuration` of tenant `tid` on `base`. */
export function openidConfiguration(base: string, tid: string): Record<string, unknown> {
  const root = `${base}/${tid}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['ES256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'mailtrail.emulator',
    msgraph_host: 'graph.microsoft.com',
  };
}

/** `/common/discovery/instance`: this host is its own cloud, with no aliases. */
export function instanceDiscovery(base: string): Record<string, unknown> {
  const host = new URL(base).host;
  return {
    tenant_discovery_endpoint: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}

/** A stable object id for a user (Entra ID's `oid`), derived from tenant and UPN. */
export function objectId(tenantId: string, upn: string): string {
  const h = createHash('sha256').update(`${tenantId}\u0000${upn.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Signs ID tokens (ES256) and publishes the verification key. */
export class IdTokenSigner {
  readonly #key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  readonly #kid = randomBytes(8).toString('hex');

  jwks(): Record<string, unknown> {
    const jwk = this.#key.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.#kid, use: 'sig', alg: 'ES256' }] };
  }

  /** An ID token for `upn` signed in to `clientId`, plus MSAL's `client_info`. */
  sign(o: { base: string; tid: string; clientId: string; upn: string; nowMs: number; lifetimeS: number }): {
    idToken: string;
    clientInfo: string;
  } {
    const oid = objectId(o.tid, o.upn);
    const nowS = Math.floor(o.nowMs / 1000);
    const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const head = enc({ typ: 'JWT', alg: 'ES256', kid: this.#kid });
    const body = enc({
      aud: o.clientId,
      iss: `${o.base}/${o.tid}/v2.0`,
      iat: nowS,
      nbf: nowS,
      exp: nowS + o.lifetimeS,
      name: o.upn.split('@')[0],
      oid,
      preferred_username: o.upn,
      sub: createHash('sha256').update(`${o.clientId}:${oid}`).digest('base64url'),
      tid: o.tid,
      ver: '2.0',
    });
    const sig = sign('sha256', Buffer.from(`${head}.${body}`), {
      key: this.#key.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return {
      idToken: `${head}.${body}.${sig.toString('base64url')}`,
      clientInfo: Buffer.from(JSON.stringify({ uid: oid, utid: o.tid })).toString('base64url'),
    };
  }
}
