/**
 * Credentials for Microsoft APIs, behind one interface so that retrievers never see how a token
 * was obtained (a pasted token, basic auth, or later an MSAL sign-in flow). A provider returns an
 * `Authorization` header value and a description that never contains the secret.
 *
 * @module
 */

export interface CredentialProvider {
  /** Non-secret description for logs and ledgers, e.g. `bearer token (from OAUTH_TOKEN)`. */
  readonly description: string;
  /** The `Authorization` header value. May refresh behind the scenes. */
  authorization(): Promise<string>;
  /** Called after a 401 so a refreshing provider can drop a cached token. Optional. */
  invalidate?(): void;
}

/** A bearer token given by the user (flag or environment). */
export function bearerToken(token: string, origin: string): CredentialProvider {
  const value = `Bearer ${token.trim().replace(/^Bearer\s+/i, '')}`;
  return { description: `bearer token (from ${origin})`, authorization: async () => value };
}

/** HTTP Basic credentials, as EXOMailActivity used with the v1.0 endpoint. */
export function basicCredentials(user: string, password: string): CredentialProvider {
  const value = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  return { description: `basic auth as ${user}`, authorization: async () => value };
}

/**
 * Replaces the value of credential-bearing options in an argument vector, for run records and
 * ledgers. Handles `--token T`, `--token=T`, `--password`, `--client-secret` and similar.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const secret = /^--(token|password|client-secret|secret|access-token|certificate-password)$/;
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^(--[a-z-]+)=/.exec(a);
    if (eq && secret.test(eq[1]!)) out.push(`${eq[1]}=<redacted>`);
    else if (secret.test(a) && i + 1 < argv.length) {
      out.push(a, '<redacted>');
      i++;
    } else out.push(a);
  }
  return out;
}
