/**
 * Validates the body of `POST /security/auditLog/queries` (Create auditLogQuery): every property
 * Microsoft documents as settable, with its type; recordTypeFilters must be members of
 * auditLogRecordType. A bad body is a Graph 400 that names the property (and the array index).
 *
 * [U] choices: a property the type does not have is refused, as OData does for unknown
 * properties; read-only properties (`id`, `status`, the counts) are accepted and ignored; record
 * type names match ignoring case and are echoed in Microsoft's camelCase; a missing
 * filterStartDateTime/filterEndDateTime leaves that side of the window open; `serviceFilter`
 * (string, the older documentation) and `serviceFilters` (collection, the newer) are both accepted.
 *
 * @module
 */
import { parseAuditTime } from './audit-record.js';
import { QUERY_STATUSES, recordTypeMember } from './record-types.js';

export interface AuditQueryFilters {
  readonly displayName: string | null;
  readonly filterStartDateTime: string | null;
  readonly filterEndDateTime: string | null;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly recordTypeFilters: readonly string[];
  readonly keywordFilter: string | null;
  readonly serviceFilters: readonly string[];
  readonly operationFilters: readonly string[];
  readonly userPrincipalNameFilters: readonly string[];
  readonly ipAddressFilters: readonly string[];
  readonly objectIdFilters: readonly string[];
  readonly administrativeUnitIdFilters: readonly string[];
}

/** A 400 of the create call, naming the offending property. */
export class QueryBodyError extends Error {
  override name = 'QueryBodyError';
}

const ARRAYS = [
  'recordTypeFilters',
  'operationFilters',
  'userPrincipalNameFilters',
  'ipAddressFilters',
  'objectIdFilters',
  'administrativeUnitIdFilters',
  'serviceFilters',
] as const;
const STRINGS = ['displayName', 'keywordFilter', 'serviceFilter'] as const;
const READ_ONLY = [
  'id',
  'status',
  'approximateReturnedRecordCount',
  'isRecordCountLimitExceeded',
  'recordCountLimit',
];
const KNOWN = new Set<string>([
  '@odata.type',
  'filterStartDateTime',
  'filterEndDateTime',
  ...ARRAYS,
  ...STRINGS,
  ...READ_ONLY,
]);
const TYPE = 'microsoft.graph.security.auditLogQuery';

function dateTime(body: Record<string, unknown>, name: string): { text: string | null; ms: number | null } {
  const v = body[name];
  if (v === undefined || v === null) return { text: null, ms: null };
  const ms = typeof v === 'string' ? parseAuditTime(v) : Number.NaN;
  if (Number.isNaN(ms))
    throw new QueryBodyError(
      `Invalid value for '${name}': ${JSON.stringify(v)} is not an Edm.DateTimeOffset (e.g. "2026-08-01T00:00:00Z").`,
    );
  return { text: v as string, ms };
}

function stringArray(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw new QueryBodyError(
      `Invalid value for '${name}': expected a collection of strings, found ${typeof v}.`,
    );
  return v.map((e, i) => {
    if (typeof e !== 'string')
      throw new QueryBodyError(
        `Invalid value for '${name}[${i}]': expected a string, found ${JSON.stringify(e)}.`,
      );
    return e;
  });
}

/** Parses and validates a create body (already JSON-decoded). */
export function parseAuditQueryBody(body: unknown): AuditQueryFilters {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new QueryBodyError(`The request body must be a JSON object (an ${TYPE}).`);
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!KNOWN.has(key))
      throw new QueryBodyError(
        `The property '${key}' does not exist on type '${TYPE}'. Make sure to only use property names that are defined by the type.`,
      );
  }
  const odataType = b['@odata.type'];
  if (odataType !== undefined && String(odataType).replace(/^#/, '') !== TYPE)
    throw new QueryBodyError(`Invalid '@odata.type' ${JSON.stringify(odataType)}: expected '#${TYPE}'.`);
  for (const name of STRINGS) {
    const v = b[name];
    if (v !== undefined && v !== null && typeof v !== 'string')
      throw new QueryBodyError(`Invalid value for '${name}': expected a string, found ${JSON.stringify(v)}.`);
  }
  const status = b.status;
  if (status !== undefined && status !== null && !(QUERY_STATUSES as readonly unknown[]).includes(status))
    throw new QueryBodyError(
      `Invalid value for 'status': ${JSON.stringify(status)} is not a member of microsoft.graph.security.auditLogQueryStatus.`,
    );
  const start = dateTime(b, 'filterStartDateTime');
  const end = dateTime(b, 'filterEndDateTime');
  if (start.ms !== null && end.ms !== null && start.ms > end.ms)
    throw new QueryBodyError(
      `'filterStartDateTime' (${start.text}) is later than 'filterEndDateTime' (${end.text}).`,
    );
  const recordTypes = stringArray(b, 'recordTypeFilters').map((name, i) => {
    const member = recordTypeMember(name);
    if (member === undefined || member === 'unknownFutureValue')
      throw new QueryBodyError(
        `Invalid value for 'recordTypeFilters[${i}]': '${name}' is not a member of microsoft.graph.security.auditLogRecordType (e.g. exchangeItemAggregated, exchangeAdmin, azureActiveDirectoryStsLogon).`,
      );
    return member;
  });
  const serviceFilter = typeof b.serviceFilter === 'string' ? b.serviceFilter : '';
  return {
    displayName: typeof b.displayName === 'string' ? b.displayName : null,
    filterStartDateTime: start.text,
    filterEndDateTime: end.text,
    startMs: start.ms,
    endMs: end.ms,
    recordTypeFilters: recordTypes,
    keywordFilter: typeof b.keywordFilter === 'string' && b.keywordFilter !== '' ? b.keywordFilter : null,
    serviceFilters: [...stringArray(b, 'serviceFilters'), ...(serviceFilter !== '' ? [serviceFilter] : [])],
    operationFilters: stringArray(b, 'operationFilters'),
    userPrincipalNameFilters: stringArray(b, 'userPrincipalNameFilters'),
    ipAddressFilters: stringArray(b, 'ipAddressFilters'),
    objectIdFilters: stringArray(b, 'objectIdFilters'),
    administrativeUnitIdFilters: stringArray(b, 'administrativeUnitIdFilters'),
  };
}
