/**
 * Checks a certificate credential's client assertion (RFC 7523, Entra ID's "certificate
 * credentials"): a JWT signed PS256 (what MSAL sends) or RS256 with the app's private key, naming
 * the certificate by `x5t#S256` (SHA-256 thumbprint) or the older `x5t` (SHA-1), with
 * `iss` = `sub` = the client id, `aud` = the token endpoint, and a current `nbf`/`exp`.
 *
 * @module
 */
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { AadError } from './aad-error.js';

/** Clock skew Entra ID tolerates on assertion times. */
const SKEW_S = 300;

const invalidClient = (code: number, description: string) =>
  new AadError(401, 'invalid_client', code, description);

function decodePart(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidClient(50027, `JWT token is invalid or malformed: the ${what} is not a JSON object.`);
}

/** The thumbprints of a certificate as they appear in JWT headers. */
export function thumbprints(pem: string): { sha256: string; sha1: string; cert: X509Certificate } {
  const cert = new X509Certificate(pem);
  return {
    sha256: createHash('sha256').update(cert.raw).digest('base64url'),
    sha1: createHash('sha1').update(cert.raw).digest('base64url'),
    cert,
  };
}

/**
 * Verifies `assertion` for `clientId` against the app's certificates and the token endpoint URLs
 * it may be addressed to. Throws an {@link AadError} saying what is wrong.
 */
export function verifyClientAssertion(
  assertion: string,
  clientId: string,
  certificates: readonly string[],
  audiences: readonly string[],
  nowMs: number = Date.now(),
): void {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)))
    throw invalidClient(
      50027,
      'JWT token is invalid or malformed: a client assertion has three base64url parts.',
    );
  const header = decodePart(parts[0]!, 'header');
  const payload = decodePart(parts[1]!, 'payload');
  const alg = header.alg;
  if (alg !== 'PS256' && alg !== 'RS256')
    throw invalidClient(
      5002738,
      `The client assertion is signed with '${String(alg)}'; use PS256 or RS256 with the certificate's RSA key.`,
    );
  const byS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const bySha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  if (byS256 === undefined && bySha1 === undefined)
    throw invalidClient(
      700027,
      'Client assertion contains no certificate thumbprint (x5t#S256 or x5t header).',
    );
  const match = certificates
    .map(thumbprints)
    .find((t) => (byS256 !== undefined ? t.sha256 === byS256 : t.sha1 === bySha1));
  if (!match)
    throw invalidClient(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${byS256 ?? bySha1}']`,
    );
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2]!, 'base64url');
  const key =
    alg === 'PS256'
      ? {
          key: match.cert.publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }
      : { key: match.cert.publicKey, padding: constants.RSA_PKCS1_PADDING };
  let valid: boolean;
  try {
    valid = verify('sha256', data, key, signature);
  } catch {
    // A signature of the wrong length or shape is simply not valid.
    valid = false;
  }
  if (!valid) throw invalidClient(700027, 'Client assertion failed signature validation.');
  if (payload.iss !== clientId || payload.sub !== clientId)
    throw invalidClient(
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter (iss and sub must be the client id).",
    );
  const normal = (u: string) => u.replace(/\?.*$/, '').replace(/\/$/, '').toLowerCase();
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.some((a) => typeof a === 'string' && audiences.map(normal).includes(normal(a))))
    throw invalidClient(
      700022,
      `The client assertion's audience (aud) must be this token endpoint, ${audiences[0] ?? ''}.`,
    );
  const nowS = nowMs / 1000;
  const exp = Number(payload.exp);
  const nbf = payload.nbf === undefined ? -Infinity : Number(payload.nbf);
  if (!Number.isFinite(exp) || exp + SKEW_S < nowS || nbf - SKEW_S > nowS)
    throw invalidClient(700024, 'Client assertion is not within its valid time range.');
  if (Date.parse(match.cert.validTo) < nowMs || Date.parse(match.cert.validFrom) > nowMs)
    throw invalidClient(
      700027,
      'The certificate used to sign the client assertion has expired or is not yet valid.',
    );
}
