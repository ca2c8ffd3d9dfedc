/**
 * The Entra ID side of the audit scenario: interactive sign-ins (a Graph `signIn` in its beta
 * shape plus the UserLoggedIn / UserLoginFailed record of ual-formats.md §3.2, both carrying the
 * session id), the non-interactive sign-ins of token refreshes (the same session id, the new
 * token's UTI, no audit record), and directory records such as "Consent to application.".
 *
 * @module
 */
import type { Rng } from '../prng.js';
import { creationTime, type AuditData, type AuditFactory } from './audit-factory.js';
import { uniqueTokenId, type AuditSession } from './audit-session.js';
import { APP, TENANT_ID, directoryUser, locate } from './audit-vocabulary.js';

const nv = (pairs: readonly (readonly [string, string])[]) => pairs.map(([Name, Value]) => ({ Name, Value }));

/** The common fields of an Entra (AzureActiveDirectory workload) record. */
function entraRecord(
  f: AuditFactory,
  ts: number,
  op: string,
  recordType: number,
  s: AuditSession,
  objectId: string,
): AuditData {
  const actor = directoryUser(s.upn);
  return {
    CreationTime: creationTime(ts),
    Id: f.rng.guid(),
    Operation: op,
    OrganizationId: TENANT_ID,
    RecordType: recordType,
    ResultStatus: 'Success',
    UserKey: actor.objectId,
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: s.ip,
    ObjectId: objectId,
    UserId: s.upn,
    Actor: [
      { ID: actor.objectId, Type: 0 },
      { ID: s.upn, Type: 5 },
    ],
    ActorContextId: TENANT_ID,
    ActorIpAddress: s.ip,
    InterSystemsId: f.rng.guid(),
    IntraSystemId: f.rng.guid(),
    SupportTicketId: '',
    TargetContextId: TENANT_ID,
  };
}

/**
 * An interactive sign-in: the Graph `signIn` (beta shape, with sessionId, UTI and userAgent)
 * and its UserLoggedIn / UserLoginFailed audit record. `errorCode` 0 is a success.
 */
export function signIn(
  f: AuditFactory,
  ts: number,
  s: AuditSession,
  errorCode = 0,
  failureReason = '',
): { signIn: AuditData; record: AuditData } {
  const id = f.rng.guid();
  const correlationId = f.rng.guid();
  const ok = errorCode === 0;
  const signIn = signInObject(ts, s, { id, correlationId, errorCode, failureReason, interactive: true });
  f.signIns.push(signIn);
  const record: AuditData = {
    ...entraRecord(f, ts, ok ? 'UserLoggedIn' : 'UserLoginFailed', 15, s, APP.exchangeOnline),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: nv([
      ['ResultStatusDetail', ok ? 'Success' : 'Error'],
      ['UserAgent', s.client.userAgent],
      ['RequestType', 'Login:login'],
    ]),
    ModifiedProperties: [],
    Target: [{ ID: APP.exchangeOnline, Type: 0 }],
    ApplicationId: s.client.appId,
    DeviceProperties: nv([
      ['OS', s.client.operatingSystem],
      ['BrowserType', s.client.browser],
      ['IsCompliantAndManaged', 'False'],
      ['SessionId', s.sessionId],
    ]),
    ErrorNumber: String(errorCode),
    ...(ok ? {} : { LogonError: 'InvalidUserNameOrPassword' }),
  };
  return { signIn, record: f.push(record) };
}

/**
 * A token refresh: the non-interactive sign-in (`isInteractive: false`, `signInEventTypes:
 * ['nonInteractiveUser']`, incoming token a refresh token) that issued the session's token of
 * the hour of `ts`. It keeps the session's `sessionId`, and its `uniqueTokenIdentifier` is the
 * UTI the audit records of that hour carry. Entra writes no audit record for it. Ids come from
 * `rng`, a stream of their own, so adding refreshes leaves every other id of the chunk as it was.
 */
export function nonInteractiveSignIn(f: AuditFactory, rng: Rng, ts: number, s: AuditSession): AuditData {
  const signIn = signInObject(ts, s, {
    id: rng.guid(),
    correlationId: rng.guid(),
    errorCode: 0,
    failureReason: '',
    interactive: false,
  });
  f.signIns.push(signIn);
  return signIn;
}

/** The Graph `signIn` (beta shape) of a sign-in of `s` at `ts`. */
function signInObject(
  ts: number,
  s: AuditSession,
  o: {
    id: string;
    correlationId: string;
    errorCode: number;
    failureReason: string;
    interactive: boolean;
  },
): AuditData {
  const user = directoryUser(s.upn);
  const where = locate(s.ip);
  const ok = o.errorCode === 0;
  return {
    id: o.id,
    createdDateTime: new Date(ts).toISOString(),
    userDisplayName: user.displayName,
    userPrincipalName: s.upn,
    userId: user.objectId,
    appId: s.client.appId,
    appDisplayName: s.client.appDisplayName,
    ipAddress: s.ip,
    clientAppUsed: s.client.clientAppUsed,
    correlationId: o.correlationId,
    conditionalAccessStatus: 'notApplied',
    isInteractive: o.interactive,
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes: [],
    riskEventTypes_v2: [],
    resourceDisplayName: 'Office 365 Exchange Online',
    resourceId: APP.exchangeOnline,
    status: { errorCode: o.errorCode, failureReason: ok ? null : o.failureReason, additionalDetails: null },
    deviceDetail: {
      deviceId: '',
      displayName: null,
      operatingSystem: s.client.operatingSystem,
      browser: s.client.browser,
      isCompliant: null,
      isManaged: null,
      trustType: null,
    },
    location: {
      city: where.city,
      state: where.state,
      countryOrRegion: where.countryOrRegion,
      geoCoordinates: { altitude: null, latitude: where.latitude, longitude: where.longitude },
    },
    appliedConditionalAccessPolicies: [],
    // beta-only from here on
    sessionId: s.sessionId,
    uniqueTokenIdentifier: ok ? uniqueTokenId(s, ts) : '',
    userAgent: s.client.userAgent,
    signInEventTypes: [o.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    incomingTokenType: o.interactive ? 'none' : 'refreshToken',
    authenticationRequirement: 'singleFactorAuthentication',
    originalRequestId: o.id,
    autonomousSystemNumber: where.asn,
  };
}

/** "Consent to application." (RecordType 8) by the signed-in user (§3.2). */
export function consent(
  f: AuditFactory,
  ts: number,
  s: AuditSession,
  app: { displayName: string; appId: string; servicePrincipalId: string; scopes: readonly string[] },
): AuditData {
  const user = directoryUser(s.upn);
  return f.push({
    ...entraRecord(f, ts, 'Consent to application.', 8, s, app.servicePrincipalId),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: nv([
      ['additionalDetails', JSON.stringify({ 'User-Agent': 'EvoSTS', AppId: app.appId })],
      ['extendedAuditEventCategory', 'ServicePrincipal'],
    ]),
    ModifiedProperties: [
      { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
      { Name: 'ConsentContext.IsAppOnly', NewValue: 'False', OldValue: '' },
      { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'False', OldValue: '' },
      {
        Name: 'ConsentAction.Permissions',
        NewValue: `[] => [[Id: ${f.rng.base64(24)}, ClientId: ${app.servicePrincipalId}, PrincipalId: ${user.objectId}, ResourceId: ${APP.exchangeOnline}, ConsentType: Principal, Scope:  ${app.scopes.join(' ')}]]; `,
        OldValue: '',
      },
    ],
    Target: [
      { ID: `ServicePrincipal_${app.servicePrincipalId}`, Type: 2 },
      { ID: app.displayName, Type: 1 },
      { ID: app.appId, Type: 4 },
    ],
  });
}
