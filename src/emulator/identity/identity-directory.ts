/**
 * The emulated tenant's directory, as the identity provider looks things up in it: which tenant a
 * path segment names, which registered app a client id is, which user a UPN is — with Entra ID's
 * refusals (`AADSTS90002`, `50194`, `900144`, `700016`) when there is none.
 *
 * @module
 */
import { AadError } from './aad-error.js';
import { formDecoded } from './client-auth.js';
import type { IdentityApp, IdentityConfig, IdentityUser } from './identity-config.js';

/** The tenant id a path segment names, or AADSTS90002. `common`/`organizations` only if allowed. */
export function tenantOf(config: IdentityConfig, segment: string, allowMulti = true): string {
  const s = formDecoded(segment).toLowerCase();
  if (s === config.tenantId.toLowerCase() || (config.domains ?? []).some((d) => d.toLowerCase() === s))
    return config.tenantId;
  if (s === 'common' || s === 'organizations') {
    if (allowMulti) return config.tenantId;
    throw new AadError(
      400,
      'invalid_request',
      50194,
      `Application is not configured as a multi-tenant application. Usage of the /${s} endpoint is not supported for such applications; use a tenant-specific endpoint.`,
    );
  }
  throw new AadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

/** The registered app with `clientId` (any case), or the refusal for a missing or unknown one. */
export function appOf(config: IdentityConfig, clientId: string | null | undefined, tid: string): IdentityApp {
  if (!clientId)
    throw new AadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  const app = config.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  if (!app)
    throw new AadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tid}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
  return app;
}

/** The directory user `upn` (any case), if there is one. */
export function userOf(config: IdentityConfig, upn: string): IdentityUser | undefined {
  return (config.users ?? []).find((u) => u.upn.toLowerCase() === upn.toLowerCase());
}
