/**
 * The two credentials of a pre-flight check, one per API (Microsoft Graph, the Exchange admin
 * API), from the shared credential choice: one sign-in serves both. A sign-in that fails for one
 * API only becomes a provider that fails each of its requests, so the check still reports what
 * the other API can tell and says why the first could not answer; a usage error stops the run.
 *
 * @module
 */
import { UsageError } from '../../errors.js';
import type { CredentialProvider } from '../../sources/_http/credentials.js';
import {
  closeCredentials,
  readTrustedCa,
  resolveCredentials,
  type ApiResource,
  type CredentialChoice,
} from '../fetch/credentials.js';

export interface PreflightCredentials {
  readonly graph: CredentialProvider;
  readonly exchange: CredentialProvider;
  /** Extra trusted CA certificates of `--ca-file`, if any. */
  readonly ca: string | undefined;
  /** Releases the sign-in session. */
  close(): Promise<void>;
}

async function resolveOrDefer(
  choice: CredentialChoice,
  resource: ApiResource,
  api: string,
): Promise<CredentialProvider> {
  try {
    return await resolveCredentials(choice, resource);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const message = (err as Error).message;
    return {
      description: `sign-in for ${api} failed`,
      authorization: () => Promise.reject(new Error(message)),
    };
  }
}

export async function preflightCredentials(choice: CredentialChoice): Promise<PreflightCredentials> {
  try {
    const ca = await readTrustedCa(choice);
    const graph = await resolveOrDefer(choice, 'graph', 'Microsoft Graph');
    const exchange = await resolveOrDefer(choice, 'exchange', 'the Exchange admin API');
    return { graph, exchange, ca, close: () => closeCredentials(choice) };
  } catch (err) {
    await closeCredentials(choice);
    throw err;
  }
}
