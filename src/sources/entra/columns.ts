/**
 * The Entra portal's sign-in CSV download, column by column: header text → the Graph `signIn`
 * property path the value belongs to. Data, not code: a column the portal adds later is one more
 * line here. Headers are matched ignoring case and surrounding space. A header not in the table
 * that equals a Graph top-level property name (as the Graph PowerShell SDK's Export-Csv writes
 * them: `CreatedDateTime`, `IPAddress`, …) maps to that property; any other header maps to its
 * camelCase form (`Token issuer type` → `tokenIssuerType`), so no column is ever dropped.
 *
 * Assumed from the portal's published column names (ual-formats.md names only the Graph
 * fields); to be checked against a real download: `Date (UTC)` is ISO 8601 or `M/D/YYYY h:mm:ss
 * AM` in UTC; `Request ID` is the sign-in `id` (so the CSV and Graph forms of one sign-in share
 * an identity); `Status` is the text `Success` / `Failure` / `Interrupted`; `Location` is
 * `City, State, CC` as one text.
 *
 * @module
 */

export const PORTAL_SIGNIN_COLUMNS: Readonly<Record<string, string>> = {
  'date (utc)': 'createdDateTime',
  'request id': 'id',
  'correlation id': 'correlationId',
  'user id': 'userId',
  user: 'userDisplayName',
  username: 'userPrincipalName',
  'user type': 'userType',
  'cross tenant access type': 'crossTenantAccessType',
  'incoming token type': 'incomingTokenType',
  'authentication protocol': 'authenticationProtocol',
  'unique token identifier': 'uniqueTokenIdentifier',
  'original transfer method': 'originalTransferMethod',
  'client credential type': 'clientCredentialType',
  'token protection - sign in session': 'tokenProtectionStatusDetails.signInSessionStatus',
  application: 'appDisplayName',
  'application id': 'appId',
  'app owner tenant id': 'appOwnerTenantId',
  resource: 'resourceDisplayName',
  'resource id': 'resourceId',
  'resource tenant id': 'resourceTenantId',
  'resource owner tenant id': 'resourceOwnerTenantId',
  'home tenant id': 'homeTenantId',
  'home tenant name': 'homeTenantName',
  'ip address': 'ipAddress',
  location: 'location',
  status: 'statusText',
  'sign-in error code': 'status.errorCode',
  'failure reason': 'status.failureReason',
  'additional details': 'status.additionalDetails',
  'client app': 'clientAppUsed',
  'device id': 'deviceDetail.deviceId',
  browser: 'deviceDetail.browser',
  'operating system': 'deviceDetail.operatingSystem',
  compliant: 'deviceDetail.isCompliant',
  managed: 'deviceDetail.isManaged',
  'join type': 'deviceDetail.trustType',
  'multifactor authentication result': 'mfaDetail.authResult',
  'multifactor authentication auth method': 'mfaDetail.authMethod',
  'multifactor authentication auth detail': 'mfaDetail.authDetail',
  'authentication requirement': 'authenticationRequirement',
  'sign-in identifier': 'signInIdentifier',
  'session id': 'sessionId',
  'ip address (seen by resource)': 'ipAddressFromResourceProvider',
  'autonomous system number': 'autonomousSystemNumber',
  'flagged for review': 'flaggedForReview',
  'token issuer type': 'tokenIssuerType',
  'token issuer name': 'tokenIssuerName',
  latency: 'processingTimeInMilliseconds',
  'conditional access': 'conditionalAccessStatus',
  'managed identity type': 'managedIdentityType',
  'service principal id': 'servicePrincipalId',
  'service principal name': 'servicePrincipalName',
  'user agent': 'userAgent',
};

/** Graph `signIn` top-level properties (v1.0 and beta) recognised as CSV headers, any case. */
export const SIGNIN_GRAPH_PROPERTIES: readonly string[] = [
  'id',
  'createdDateTime',
  'userDisplayName',
  'userPrincipalName',
  'userId',
  'appId',
  'appDisplayName',
  'ipAddress',
  'clientAppUsed',
  'correlationId',
  'conditionalAccessStatus',
  'isInteractive',
  'riskDetail',
  'riskLevelAggregated',
  'riskLevelDuringSignIn',
  'riskState',
  'resourceDisplayName',
  'resourceId',
  'status',
  'deviceDetail',
  'location',
  'sessionId',
  'uniqueTokenIdentifier',
  'userAgent',
  'incomingTokenType',
  'authenticationRequirement',
  'autonomousSystemNumber',
  'originalRequestId',
  'signInEventTypes',
  'servicePrincipalId',
  'servicePrincipalName',
  'userType',
  'tokenIssuerType',
  'tokenIssuerName',
  'ipAddressFromResourceProvider',
];

const GRAPH_BY_LOWER = new Map(SIGNIN_GRAPH_PROPERTIES.map((p) => [p.toLowerCase(), p]));

/** The property path a CSV header maps to (see the module comment). */
export function signInPathOfColumn(header: string): string {
  const h = header.trim().toLowerCase();
  const mapped = PORTAL_SIGNIN_COLUMNS[h] ?? GRAPH_BY_LOWER.get(h);
  if (mapped !== undefined) return mapped;
  const words = header
    .trim()
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return header;
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/** True when a CSV header row looks like a sign-in log (portal download or SDK Export-Csv). */
export function isSignInHeader(names: readonly string[]): boolean {
  const paths = new Set(
    names.map(
      (n) => PORTAL_SIGNIN_COLUMNS[n.trim().toLowerCase()] ?? GRAPH_BY_LOWER.get(n.trim().toLowerCase()),
    ),
  );
  return (
    paths.has('createdDateTime') &&
    (paths.has('userPrincipalName') || paths.has('id')) &&
    (paths.has('ipAddress') || paths.has('status.errorCode') || paths.has('appDisplayName'))
  );
}
