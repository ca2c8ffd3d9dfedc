/**
 * The Microsoft APIs mailtrail signs in to, and the scope each token request names. App-only
 * tokens use the resource's `/.default` scope: the permissions an administrator consented to
 * for the app. The identity provider answers with an access token whose audience is the resource.
 *
 * @module
 */

/** An API a credential is for: the Outlook REST (Activities) API, Microsoft Graph, Exchange admin. */
export type ApiResource = 'outlook' | 'graph' | 'exchange';

/** Resource identifier (token audience) of each API. */
export const RESOURCE_AUDIENCE: Readonly<Record<ApiResource, string>> = {
  outlook: 'https://outlook.office.com',
  graph: 'https://graph.microsoft.com',
  exchange: 'https://outlook.office365.com',
};

/** The `/.default` scope of a resource: every consented permission of the app. */
export function defaultScope(resource: ApiResource): string {
  return `${RESOURCE_AUDIENCE[resource]}/.default`;
}

/** The API a scope belongs to (`https://graph.microsoft.com/AuditLog.Read.All` → graph), or null. */
export function resourceOfScope(scope: string): ApiResource | null {
  const lower = scope.toLowerCase();
  for (const [name, audience] of Object.entries(RESOURCE_AUDIENCE) as [ApiResource, string][]) {
    if (lower.startsWith(`${audience}/`)) return name;
  }
  return null;
}

/** OpenID Connect scopes that belong to no resource. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);
