/**
 * Access tokens issued by the emulator's identity provider and accepted by its Graph endpoints.
 * They have the shape of Entra ID access tokens (a JWT whose payload carries `tid`, `appid`,
 * `roles` for application permissions, `scp` for delegated ones, `upn` and `exp`), so a client
 * can read its own permissions from them as it would from a real token. They are signed with a
 * key made up when the emulator starts; only this emulator accepts them.
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token grants. */
export interface TokenClaims {
  readonly tenantId: string;
  /** The client application (its client id). */
  readonly appId: string;
  /** The resource the token is for, e.g. `https://graph.microsoft.com`. */
  readonly audience: string;
  /** Application permissions of an app-only token, e.g. `AuditLogsQuery.Read.All`. */
  readonly roles: readonly string[];
  /** Delegated permissions of a user token. */
  readonly scopes: readonly string[];
  /** The signed-in user of a delegated token. */
  readonly upn?: string;
  /** Expiry, epoch milliseconds. */
  readonly expiresAt: number;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export class IssuedTokens {
  readonly #key = randomBytes(32);
  #issued = 0;

  /** Number of tokens issued so far (for tests and stats). */
  get issued(): number {
    return this.#issued;
  }

  /** A signed token carrying `claims`. */
  issue(claims: TokenClaims): string {
    this.#issued++;
    const header = b64({ typ: 'JWT', alg: 'HS256', kid: 'mailtrail-emulator' });
    const nowS = Math.floor(Date.now() / 1000);
    const payload = b64({
      aud: claims.audience,
      iss: `https://sts.windows.net/${claims.tenantId}/`,
      iat: nowS,
      nbf: nowS,
      exp: Math.floor(claims.expiresAt / 1000),
      tid: claims.tenantId,
      appid: claims.appId,
      ...(claims.roles.length > 0 ? { roles: [...claims.roles] } : {}),
      ...(claims.scopes.length > 0 ? { scp: claims.scopes.join(' ') } : {}),
      ...(claims.upn !== undefined ? { upn: claims.upn } : {}),
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    });
    return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`;
  }

  /**
   * The claims of a token this emulator issued and that has not expired, else `undefined`.
   * `nowMs` is injectable for tests.
   */
  verify(token: string, nowMs: number = Date.now()): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const expected = Buffer.from(this.#sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const expiresAt = Number(p.exp) * 1000;
    if (!(expiresAt > nowMs)) return undefined;
    return {
      tenantId: String(p.tid),
      appId: String(p.appid),
      audience: String(p.aud),
      roles: Array.isArray(p.roles) ? p.roles.map(String) : [],
      scopes: typeof p.scp === 'string' ? p.scp.split(' ').filter(Boolean) : [],
      ...(typeof p.upn === 'string' ? { upn: p.upn } : {}),
      expiresAt,
    };
  }

  #sign(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url');
  }
}
