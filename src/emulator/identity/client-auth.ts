/**
 * How a client proves who it is at the token endpoint: a client secret (in the form or as HTTP
 * Basic, `client_secret_post`/`client_secret_basic`), a certificate-signed client assertion
 * (`private_key_jwt`), or nothing for a public client (device code) when the registration allows
 * public client flows. Secrets are compared as hashes in constant time and never echoed.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AadError } from './aad-error.js';
import { verifyClientAssertion } from './client-assertion.js';
import type { IdentityApp } from './identity-config.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const digest = (s: string) => createHash('sha256').update(s).digest();

/** The client's claim of identity in a token request. */
export interface ClientAuth {
  readonly clientId: string;
  readonly secret: string | null;
  readonly assertion: string | null;
}

/** Reads the client id and credential from the form or an `Authorization: Basic` header. */
export function clientAuthOf(params: URLSearchParams, authorization: string | undefined): ClientAuth {
  const basic = /^\s*basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return {
        clientId: formDecoded(decoded.slice(0, colon)),
        secret: formDecoded(decoded.slice(colon + 1)),
        assertion: null,
      };
  }
  const assertion = params.get('client_assertion');
  if (assertion !== null && params.get('client_assertion_type') !== ASSERTION_TYPE)
    throw new AadError(400, 'invalid_request', 50027, `client_assertion_type must be ${ASSERTION_TYPE}.`);
  return { clientId: params.get('client_id') ?? '', secret: params.get('client_secret'), assertion };
}

/**
 * Authenticates a confidential client, or checks that a public client may go without a credential.
 * `audiences` are the token endpoint URLs an assertion may be addressed to.
 */
export function authenticateClient(
  app: IdentityApp,
  auth: ClientAuth,
  audiences: readonly string[],
  confidentialOnly: boolean,
  nowMs: number,
): void {
  if (auth.secret !== null) {
    const given = digest(auth.secret);
    let ok = false;
    for (const s of app.secrets ?? []) if (timingSafeEqual(digest(s), given)) ok = true;
    if (!ok)
      throw new AadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    return;
  }
  if (auth.assertion !== null) {
    verifyClientAssertion(auth.assertion, app.clientId, app.certificates ?? [], audiences, nowMs);
    return;
  }
  if (confidentialOnly || app.publicClient !== true)
    throw new AadError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
}

/**
 * A percent-encoded value as the service reads it; malformed encoding is kept as it is, so that a
 * garbled id or secret is refused like any wrong one (an AADSTS error), never a 500.
 */
export function formDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
