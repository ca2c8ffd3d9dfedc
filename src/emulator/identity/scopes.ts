/**
 * Scope handling of the token endpoint: which API a request is for and what the token grants.
 * Entra ID issues a token for one resource at a time; app-only requests must use `/.default`;
 * delegated requests get the permissions consented for the user (all of them for `/.default`,
 * else the ones asked for, each of which must be consented).
 *
 * @module
 */
import {
  OIDC_SCOPES,
  RESOURCE_AUDIENCE,
  resourceOfScope,
  type ApiResource,
} from '../../sources/identity/resources.js';
import { AadError } from './aad-error.js';
import type { PermissionsByApi } from './identity-config.js';

const invalidScope = (code: number, description: string) =>
  new AadError(400, 'invalid_scope', code, description);

/** Splits a `scope` parameter; refuses an empty one. */
export function parseScopes(raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0)
    throw new AadError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  return scopes;
}

/** The one API the resource scopes of a request name, with the permissions asked for. */
export function targetOf(scopes: readonly string[]): {
  resource: ApiResource;
  asked: string[];
  all: boolean;
} {
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  if (resourceScopes.length === 0)
    throw invalidScope(
      70011,
      "The provided value for the input parameter 'scope' is not valid: it names no resource (e.g. https://graph.microsoft.com/.default).",
    );
  const resources = new Set<ApiResource>();
  const asked: string[] = [];
  let all = false;
  for (const scope of resourceScopes) {
    const resource = resourceOfScope(scope);
    if (resource === null)
      throw new AadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${scope.replace(/\/[^/]*$/, '')} was not found in the tenant. This emulator serves ${Object.values(RESOURCE_AUDIENCE).join(', ')}.`,
      );
    resources.add(resource);
    const permission = scope.slice(RESOURCE_AUDIENCE[resource].length + 1);
    if (permission === '.default') all = true;
    else asked.push(permission);
  }
  if (resources.size > 1)
    throw invalidScope(
      28000,
      'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' +
        resourceScopes.join(' ') +
        ' is not valid.',
    );
  return { resource: [...resources][0]!, asked, all };
}

/** Scopes of a client-credentials request: exactly one `<resource>/.default`. */
export function appOnlyTarget(scopes: readonly string[]): ApiResource {
  const target = targetOf(scopes);
  if (!target.all || target.asked.length > 0)
    throw invalidScope(
      1002012,
      `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  return target.resource;
}

/** The delegated permissions a user's token carries, or a consent error. */
export function delegatedGrant(
  scopes: readonly string[],
  consented: PermissionsByApi | undefined,
  upn: string,
  clientId: string,
): { resource: ApiResource; granted: string[] } {
  const target = targetOf(scopes);
  const held = consented?.[target.resource] ?? [];
  const heldLower = new Set(held.map((s) => s.toLowerCase()));
  const missing = target.asked.filter((s) => !heldLower.has(s.toLowerCase()));
  if (missing.length > 0 || held.length === 0)
    throw new AadError(
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource. (${upn} has no consent for ${missing.length > 0 ? missing.join(', ') : 'any permission'} on ${RESOURCE_AUDIENCE[target.resource]}.)`,
    );
  return { resource: target.resource, granted: target.all ? [...held] : target.asked };
}
