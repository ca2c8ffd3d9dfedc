/**
 * Turns what MSAL throws into one message a person can act on: what was being done, the
 * identity provider's `AADSTS` code and first line of its description, and what to check.
 * Secrets never appear: the provider does not echo them, and every known secret value is
 * replaced anyway before the message leaves this module.
 *
 * @module
 */
import { AuthError, ServerError } from '@azure/msal-node';
import { SourceError } from '../../errors.js';
import { IdentityTransportError, TRANSPORT_ERROR } from './network-client.js';

/** What to check for the AADSTS codes people meet most. */
const HINTS: Readonly<Record<string, string>> = {
  '7000215':
    'check the client secret: use the secret Value (not its Secret ID) and make sure it has not expired',
  '7000222': 'the client secret has expired: create a new one under Certificates & secrets',
  '700016':
    'check --client-id and --tenant: the application is not registered (or not consented) in that tenant',
  '90002': 'check --tenant: give the tenant id (a GUID) or a verified domain such as contoso.onmicrosoft.com',
  '700027':
    'upload this certificate (the .cer/.pem, never the key) to the app registration under Certificates & secrets',
  '700024': 'the computer clock is wrong, or the client assertion is too old',
  '7000218':
    'for --device-code, enable "Allow public client flows" under Authentication in the app registration',
  '65001': 'an administrator must grant consent for the requested permissions (docs/permissions.md)',
  '50194': 'use the tenant id with --tenant instead of common/organizations',
  '500011': 'the API is not available in this tenant (check the service and the scope)',
  '1002012': 'app-only sign-in needs the /.default scope',
  '28000': 'request one API per token',
  // MSAL's device-code polling keeps only the OAuth error of a refusal, not its AADSTS code.
  invalid_client:
    'for --device-code, enable "Allow public client flows" under Authentication in the app registration (AADSTS7000218)',
  authorization_declined: 'the user declined the sign-in on the verification page',
  expired_token: 'nobody completed the sign-in before the code expired; run the command again',
  [TRANSPORT_ERROR]: 'check the network, --authority-host and, for a test authority, --ca-file',
};

/** True when a retry may succeed: transport failures, 5xx, 429 and "temporarily unavailable". */
export function isTransientSignInFailure(err: unknown): boolean {
  if (!(err instanceof AuthError)) return false;
  if (err instanceof IdentityTransportError) return err.transient;
  if (err instanceof ServerError) {
    const status = err.status ?? 0;
    // After a 429 or a 5xx, MSAL refuses further requests itself for a while (Retry-After, else
    // 60 s), replaying the service's AADSTS codes as the error code and no status: a replay of a
    // passing failure.
    return (
      status >= 500 ||
      status === 429 ||
      err.errorCode === 'temporarily_unavailable' ||
      (err.status === undefined && /^\d+( \d+)*$/.test(err.errorCode))
    );
  }
  return err.errorCode === 'network_error' || err.errorCode === 'endpoints_resolution_error';
}

/** The AADSTS number of a server refusal, if any. */
export function aadstsCode(err: unknown): string | undefined {
  if (!(err instanceof AuthError)) return undefined;
  const fromNo = err instanceof ServerError && err.errorNo ? String(err.errorNo) : undefined;
  return fromNo ?? /AADSTS(\d+)/.exec(err.errorMessage)?.[1];
}

/**
 * A {@link SourceError} describing `err`: status 401 for a refusal, so that retrievers stop
 * instead of retrying; 503 when the identity provider or the network failed in a way that may
 * pass (after the session's own retries), so that a retrieval leaves the affected slices for
 * `--resume` instead of ending the whole run. `doing` says what was attempted; `secrets` are
 * scrubbed from the result.
 */
export function signInError(err: unknown, doing: string, secrets: readonly string[]): SourceError {
  let detail: string;
  let hintKey: string | undefined;
  if (err instanceof AuthError) {
    const code = aadstsCode(err);
    // MSAL wraps server refusals as "Error(s): … - Description: <first line>\r\nTrace ID…".
    const described = /Description:\s*([^\r\n]*?)(?:\s+-\s+Correlation ID:.*)?(?:[\r\n]|$)/.exec(
      err.errorMessage,
    )?.[1];
    const first = (described ?? err.errorMessage.split(/\r?\n/)[0]!).trim();
    const description = first === '' ? err.errorCode : first;
    detail =
      code !== undefined && !description.includes(`AADSTS${code}`)
        ? `AADSTS${code}: ${description}`
        : description.startsWith(err.errorCode) || err.errorCode === TRANSPORT_ERROR
          ? description
          : `${err.errorCode}: ${description}`;
    // MSAL reports device-code polling refusals as post_request_failed with the OAuth error as text.
    hintKey = code !== undefined && HINTS[code] ? code : HINTS[description] ? description : err.errorCode;
  } else {
    detail = err instanceof Error ? err.message : String(err);
  }
  const hint = hintKey !== undefined ? HINTS[hintKey] : undefined;
  let message = `[auth] ${doing} failed: ${detail}${hint ? ` (${hint})` : ''}`;
  for (const s of secrets) if (s.length >= 4) message = message.split(s).join('<redacted>');
  const status = isTransientSignInFailure(err) ? 503 : 401;
  return new SourceError(message, { status, cause: scrubbedCause(err, secrets) });
}

/** The cause without secrets: MSAL errors keep only code and message. */
function scrubbedCause(err: unknown, secrets: readonly string[]): Error {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  let clean = text;
  for (const s of secrets) if (s.length >= 4) clean = clean.split(s).join('<redacted>');
  return new Error(clean);
}
