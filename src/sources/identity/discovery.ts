/**
 * Reads the tenant's OpenID Connect discovery document once per run, through mailtrail's own
 * transport, and hands it to MSAL as `authorityMetadata`. MSAL's own discovery reports any
 * refusal as a bare `endpoints_resolution_error`; reading it here keeps the identity provider's
 * answer, e.g. `AADSTS90002: Tenant 'x' not found`, for the message the user sees.
 *
 * @module
 */
import { ServerError, type INetworkModule } from '@azure/msal-node';
import { IdentityTransportError } from './network-client.js';

interface OAuthErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  correlation_id?: string;
  token_endpoint?: string;
}

/** The discovery document of `tenant` at `host`, as JSON text for MSAL. */
export async function discoverAuthority(
  network: INetworkModule,
  host: string,
  tenant: string,
): Promise<string> {
  const url = `${host}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
  const res = await network.sendGetRequestAsync<OAuthErrorBody>(url);
  const body = res.body ?? {};
  if (res.status === 200 && typeof body.token_endpoint === 'string') return JSON.stringify(body);
  if (typeof body.error === 'string') {
    throw new ServerError(
      body.error,
      body.correlation_id ?? '',
      `Description: ${body.error_description ?? body.error}`,
      undefined,
      body.error_codes?.[0] !== undefined ? String(body.error_codes[0]) : undefined,
      res.status,
    );
  }
  throw new IdentityTransportError(
    `GET ${url} answered HTTP ${res.status} without OpenID metadata: is ${host} an identity provider?`,
  );
}
