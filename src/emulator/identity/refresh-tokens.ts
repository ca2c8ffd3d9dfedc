/**
 * The emulator's refresh tokens: random opaque strings issued with each delegated token, honoured
 * for 90 days by the app they were issued to, and revocable per user as an administrator revokes
 * a compromised user's sessions (Revoke-MgUserSignInSession).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

const REFRESH_LIFETIME_MS = 90 * 86_400_000;

export class RefreshTokens {
  readonly #tokens = new Map<string, { clientId: string; upn: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  /** A new refresh token of `upn` for app `clientId`. */
  issue(clientId: string, upn: string): string {
    const token = randomBytes(48).toString('base64url');
    this.#tokens.set(token, { clientId, upn, expiresAt: this.now() + REFRESH_LIFETIME_MS });
    return token;
  }

  /** The user a refresh token stands for, or null when it is unknown, expired or another app's. */
  redeem(token: string, clientId: string): string | null {
    const entry = this.#tokens.get(token);
    if (!entry || entry.clientId !== clientId || entry.expiresAt <= this.now()) return null;
    return entry.upn;
  }

  /** Revokes the tokens of `upn` (everyone's when omitted); returns how many. */
  revoke(upn?: string): number {
    let revoked = 0;
    for (const [token, entry] of this.#tokens)
      if (upn === undefined || entry.upn.toLowerCase() === upn.toLowerCase()) {
        this.#tokens.delete(token);
        revoked++;
      }
    return revoked;
  }
}
