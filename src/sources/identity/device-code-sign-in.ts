/**
 * The delegated sign-in of a run (`--device-code`): the account a persistent token cache already
 * holds for the tenant, refreshed silently, else a device code the user approves in a browser.
 * A cached sign-in that meets a passing failure (network, 5xx, 429) is reported to the caller
 * for a retry, never answered with a device code.
 *
 * @module
 */
import type {
  AccountInfo,
  AuthenticationResult,
  DeviceCodeRequest,
  PublicClientApplication,
} from '@azure/msal-node';
import { IdentityTransportError } from './network-client.js';
import { isTransientSignInFailure } from './sign-in-error.js';

export interface DeviceCodeMode {
  readonly onMessage: (message: string) => void;
  /** Aborting it stops polling for the user's approval at once. */
  readonly signal?: AbortSignal;
}

/**
 * Signs in for `scope`. `retryable` is told of a transient failure of the cached sign-in before
 * it is thrown, so the caller retries it instead of treating it as an interactive failure.
 */
export async function deviceCodeSignIn(
  app: PublicClientApplication,
  scope: string,
  mode: DeviceCodeMode,
  tenant: string,
  retryable: (err: object) => void,
): Promise<AuthenticationResult> {
  // Only a persistent cache can hold an account at this point. A cache file may hold sign-ins
  // of other tenants or identity providers (an earlier case): only this tenant's account counts,
  // and when that is not unambiguous the user signs in again.
  const cached = pickCachedAccount(await app.getAllAccounts(), tenant);
  if (cached) {
    try {
      return await app.acquireTokenSilent({ account: cached, scopes: [scope] });
    } catch (err) {
      // A network failure, a 5xx or a 429 says nothing about the cached sign-in: nobody is
      // asked for a device code because of it (an unattended run would wait for one for 15
      // minutes). A transient one is tried again (the caller retries it like any other); a
      // lasting one (refused connection, unknown host, untrusted certificate) is reported.
      // Anything else (expired or revoked, consent or MFA now required) means the cached
      // sign-in no longer works: sign in again.
      const transient = isTransientSignInFailure(err);
      if (transient || err instanceof IdentityTransportError) {
        if (transient && err !== null && typeof err === 'object') retryable(err);
        throw err;
      }
    }
  }
  const request: DeviceCodeRequest = {
    scopes: [scope],
    deviceCodeCallback: (r) => mode.onMessage(r.message),
  };
  // MSAL would otherwise poll until the code expires (15 minutes) after a Ctrl-C.
  mode.signal?.throwIfAborted();
  const onAbort = () => (request.cancel = true);
  mode.signal?.addEventListener('abort', onAbort, { once: true });
  let result: AuthenticationResult | null;
  try {
    result = await Promise.race([
      app.acquireTokenByDeviceCode(request),
      ...(mode.signal ? [aborted(mode.signal)] : []),
    ]);
  } finally {
    mode.signal?.removeEventListener('abort', onAbort);
  }
  if (!result?.account) throw new Error('the device code sign-in returned no account');
  return result;
}

/** The one cached account of `tenant` (a tenant id or a verified domain), if exactly one. */
function pickCachedAccount(accounts: readonly AccountInfo[], tenant: string): AccountInfo | undefined {
  const t = tenant.toLowerCase();
  const matching = accounts.filter(
    (a) => a.tenantId.toLowerCase() === t || a.username.toLowerCase().endsWith(`@${t}`),
  );
  return matching.length === 1 ? matching[0] : undefined;
}

/** Rejects with the signal's reason once it is aborted. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
