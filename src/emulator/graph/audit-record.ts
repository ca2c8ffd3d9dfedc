/**
 * `microsoft.graph.security.auditLogRecord` from an AuditData object (ual-formats.md §2.2): the
 * wrapper's `id`, `createdDateTime`, `auditLogRecordType` (enum name), `operation`,
 * `organizationId`, `userType` (enum name), `userId`, `service`, `objectId`, `userPrincipalName`,
 * `clientIp` and `administrativeUnits` are derived from the AuditData, which is served whole as
 * `auditData`. A record that already is a Graph auditLogRecord is kept as given, with any missing
 * wrapper field derived from its `auditData`.
 *
 * [U] choices: `userId` and `userPrincipalName` both carry AuditData `UserId` (the UPN for user
 * records); `clientIp` is `ClientIP`, else `ClientIPAddress`, else `ActorIpAddress`, verbatim.
 *
 * @module
 */
import { recordTypeMember, recordTypeOfInt, userTypeName } from './record-types.js';

type Json = { [key: string]: unknown };

/** A served record and the fields the query filters look at. */
export interface IndexedAuditRecord {
  readonly record: Json;
  readonly ms: number;
  readonly id: string;
  readonly recordType: string;
  readonly operation: string;
  readonly upn: string;
  readonly ip: string;
  readonly service: string;
  readonly objectId: string;
  readonly administrativeUnits: readonly string[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Epoch ms of a UAL `CreationTime` (zone-less = UTC) or a Graph `createdDateTime`, or NaN. */
export function parseAuditTime(text: string): number {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?$/i.test(t)) return Number.NaN;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/i.test(t) ? t : `${t}Z`;
  return Date.parse(zoned.replace(/(\.\d{3})\d+/, '$1'));
}

/** An IP without port or IPv6 brackets, lower-cased (what `ipAddressFilters` compare). */
export function bareIp(text: string): string {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracket) return (bracket[1] as string).toLowerCase();
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(t);
  return (v4port ? (v4port[1] as string) : t).toLowerCase();
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The indexed Graph record of `value` (an AuditData or a Graph auditLogRecord), or a message
 * naming what is missing.
 */
export function toIndexedAuditRecord(value: unknown): IndexedAuditRecord | string {
  if (!isObject(value))
    return `expected an object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`;
  const graph = isObject(value.auditData);
  const data = graph ? (value.auditData as Json) : value;
  if (!graph && value.AuditData !== undefined)
    return 'this looks like a Search-UnifiedAuditLog result row: give its AuditData objects, or Graph auditLogRecords';
  const id = str(graph ? (value.id ?? data.Id) : data.Id);
  if (id === undefined || id === '')
    return graph ? 'the record has no id (nor auditData.Id)' : 'AuditData has no Id';
  const timeText = str(graph ? (value.createdDateTime ?? data.CreationTime) : data.CreationTime);
  if (timeText === undefined)
    return graph
      ? 'the record has no createdDateTime (nor auditData.CreationTime)'
      : 'AuditData has no CreationTime';
  const ms = parseAuditTime(timeText);
  if (Number.isNaN(ms))
    return `${graph ? 'createdDateTime' : 'CreationTime'} ${JSON.stringify(timeText)} is not an ISO 8601 date-time`;
  const operation = str(graph ? (value.operation ?? data.Operation) : data.Operation);
  if (operation === undefined || operation === '')
    return graph ? 'the record has no operation' : 'AuditData has no Operation';
  const recordType =
    graph && typeof value.auditLogRecordType === 'string'
      ? (recordTypeMember(value.auditLogRecordType) ?? 'unknownFutureValue')
      : recordTypeOfInt(data.RecordType);
  const userId = str(graph ? (value.userId ?? data.UserId) : data.UserId) ?? '';
  const upn = str(graph ? (value.userPrincipalName ?? data.UserId) : data.UserId) ?? '';
  const clientIp =
    str(
      graph
        ? (value.clientIp ?? data.ClientIP ?? data.ClientIPAddress ?? data.ActorIpAddress)
        : (data.ClientIP ?? data.ClientIPAddress ?? data.ActorIpAddress),
    ) ?? '';
  const service = str(graph ? (value.service ?? data.Workload) : data.Workload) ?? '';
  const objectId = str(graph ? (value.objectId ?? data.ObjectId) : data.ObjectId) ?? '';
  const units =
    graph && Array.isArray(value.administrativeUnits) ? value.administrativeUnits.map(String) : [];
  const record: Json = graph
    ? {
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        ...value,
        id,
        createdDateTime: str(value.createdDateTime) ?? isoSeconds(ms),
        auditLogRecordType: recordType,
        operation,
      }
    : {
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        id,
        createdDateTime: isoSeconds(ms),
        auditLogRecordType: recordType,
        operation,
        organizationId: str(data.OrganizationId) ?? '',
        userType: userTypeName(data.UserType),
        userId,
        service,
        objectId,
        userPrincipalName: upn,
        clientIp,
        administrativeUnits: units,
        auditData: { '@odata.type': '#microsoft.graph.security.auditData', ...data },
      };
  return {
    record,
    ms,
    id,
    recordType,
    operation,
    upn: upn.toLowerCase(),
    ip: bareIp(clientIp),
    service,
    objectId,
    administrativeUnits: units,
  };
}
