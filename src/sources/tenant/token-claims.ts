/**
 * What an access token says about itself. Entra ID access tokens are JWTs whose payload names the
 * resource (`aud`), the tenant (`tid`), the client (`appid`/`azp`), and the permissions granted:
 * `roles` for application permissions, `scp` for delegated scopes. Reading them tells the examiner
 * *which* permissions the credentials carry before any API refuses a request.
 *
 * This is informational only: the signature is not checked (only the resource can do that), and
 * a token that is not a JWT (an opaque or encrypted token) decodes to `null`, which callers must
 * report as "unknown", never as "no permissions".
 *
 * @module
 */

/** The claims of an access token that matter for a pre-flight check. No secret is kept. */
export interface AccessTokenClaims {
  /** The resource the token is for (`aud`), e.g. `https://graph.microsoft.com` or a GUID. */
  readonly audience: string | null;
  /** Tenant id (`tid`). */
  readonly tenantId: string | null;
  /** Client application id (`appid`, or `azp` in v2 tokens). */
  readonly appId: string | null;
  /** Application display name, when the token carries one (`app_displayname`). */
  readonly appName: string | null;
  /** Application permissions (`roles`). */
  readonly roles: readonly string[];
  /** Delegated scopes (`scp`, space separated in the token). */
  readonly scopes: readonly string[];
  /** Signed-in user of a delegated token (`upn`, `unique_name` or `preferred_username`). */
  readonly user: string | null;
  /** `app-only` when the token has roles and no user, `delegated` when it has scopes or a user. */
  readonly kind: 'app-only' | 'delegated';
  /** Expiry (`exp`) as ISO 8601 UTC, or null. */
  readonly expiresAt: string | null;
  /** Entra directory roles of the signed-in user (`wids`, role template ids). */
  readonly directoryRoleIds: readonly string[];
}

/** Well-known resource application ids that appear as `aud` in v1 tokens. */
const AUDIENCE_ALIASES: Readonly<Record<string, string>> = {
  '00000003-0000-0000-c000-000000000000': 'https://graph.microsoft.com',
  '00000002-0000-0ff1-ce00-000000000000': 'https://outlook.office365.com',
};

/** The canonical resource URL of an `aud` value (GUID aliases resolved, trailing `/` dropped). */
export function canonicalAudience(aud: string): string {
  const trimmed = aud.trim().replace(/\/+$/, '');
  return AUDIENCE_ALIASES[trimmed.toLowerCase()] ?? trimmed;
}

/** True when a token's audience is `resource` (e.g. `https://outlook.office365.com`). */
export function audienceMatches(claims: AccessTokenClaims, resource: string): boolean {
  return (
    claims.audience !== null &&
    canonicalAudience(claims.audience).toLowerCase() === canonicalAudience(resource).toLowerCase()
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Decodes the payload of a JWT access token, or returns `null` when the value is not a readable
 * JWT. Accepts the bare token or an `Authorization` header value (`Bearer …`).
 */
export function decodeAccessToken(tokenOrHeader: string): AccessTokenClaims | null {
  const token = tokenOrHeader.trim().replace(/^bearer\s+/i, '');
  const parts = token.split('.');
  // A JWS has three parts; a JWE (encrypted token) five: its payload cannot be read.
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) return null;
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    payload = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === 'string') : [];
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(/\s+/).filter(Boolean) : [];
  const user = str(payload.upn) ?? str(payload.unique_name) ?? str(payload.preferred_username);
  const exp = typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : null;
  const wids = Array.isArray(payload.wids) ? payload.wids.filter((r) => typeof r === 'string') : [];
  return {
    audience: str(payload.aud),
    tenantId: str(payload.tid),
    appId: str(payload.appid) ?? str(payload.azp),
    appName: str(payload.app_displayname),
    roles,
    scopes,
    user,
    kind: scopes.length > 0 || user !== null ? 'delegated' : 'app-only',
    expiresAt: exp === null ? null : new Date(exp * 1000).toISOString(),
    directoryRoleIds: wids,
  };
}

/** True when the token grants `permission` as an application role or a delegated scope. */
export function grants(claims: AccessTokenClaims, permission: string): boolean {
  const p = permission.toLowerCase();
  return [...claims.roles, ...claims.scopes].some((x) => x.toLowerCase() === p);
}

/** The first of `permissions` the token grants, or null. */
export function grantedOneOf(claims: AccessTokenClaims, permissions: readonly string[]): string | null {
  return permissions.find((p) => grants(claims, p)) ?? null;
}
