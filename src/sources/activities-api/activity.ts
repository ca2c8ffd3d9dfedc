/**
 * The Activities API record exactly as Office 365 returned it in 2018, and the known values of its
 * enumerations. This is the wire format shared by the retriever, the importers and the emulator.
 *
 * @module
 */

/** One `{ "Name": ..., "Value": ... }` entry of `CustomProperties`. Values were strings on the wire. */
export interface CustomProperty {
  Name: string;
  Value: string | number | boolean | null;
}

/** An activity as the API returned it. Only the seven standard properties are guaranteed. */
export interface Activity {
  Id?: string;
  TimeStamp: string;
  AppIdType: string;
  ActivityIdType: string;
  ActivityItemId: string | null;
  ActivityCreationTime: string;
  ClientSessionId: string;
  CustomProperties: CustomProperty[];
  [extra: string]: unknown;
}

/** The seven standard properties, in the order the CrowdStrike retriever selected and wrote them. */
export const STANDARD_PROPERTIES = [
  'TimeStamp',
  'AppIdType',
  'ActivityIdType',
  'ActivityItemId',
  'ActivityCreationTime',
  'ClientSessionId',
  'CustomProperties',
] as const;

export type StandardProperty = (typeof STANDARD_PROPERTIES)[number];

/** AppIdType values seen in 2018 sources (activities-api.md §4.2). */
export const APP_ID_TYPES = [
  'Exchange',
  'IMAP4',
  'Lync',
  'MacMail',
  'MacOutlook',
  'Mobile',
  'Outlook',
  'POP3',
  'Web',
  'Other',
] as const;

/**
 * Collapses a CustomProperties list into a name → value map. Duplicate names collapse with the
 * last one winning, exactly as the CrowdStrike retriever's dict comprehension did, so a CSV row and
 * the JSON record it was written from yield the same map.
 */
export function customPropertyMap(
  props: readonly CustomProperty[] | null | undefined,
): Record<string, CustomProperty['Value']> {
  // Object.fromEntries defines own properties, so a Name such as `__proto__` is data, not a prototype.
  return Object.fromEntries((props ?? []).map((p) => [p.Name, p.Value ?? null]));
}

/**
 * Checks that a parsed JSON value is an activity record. Returns a list of problems (empty when
 * the record is usable), each naming the field, so callers can turn them into issues.
 */
export function activityProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return ['record is not a JSON object'];
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const f of ['TimeStamp', 'ActivityIdType'] as const) {
    if (typeof r[f] !== 'string' || r[f] === '') problems.push(`${f} is missing or not a string`);
  }
  for (const f of ['AppIdType', 'ActivityCreationTime', 'ClientSessionId'] as const) {
    if (r[f] !== undefined && r[f] !== null && typeof r[f] !== 'string')
      problems.push(`${f} is not a string`);
  }
  if (r.ActivityItemId !== undefined && r.ActivityItemId !== null && typeof r.ActivityItemId !== 'string') {
    problems.push('ActivityItemId is not a string or null');
  }
  const cp = r.CustomProperties;
  if (cp !== undefined && cp !== null) {
    if (!Array.isArray(cp)) problems.push('CustomProperties is not an array');
    else
      cp.forEach((p, i) => {
        if (p === null || typeof p !== 'object' || typeof (p as { Name?: unknown }).Name !== 'string') {
          problems.push(`CustomProperties[${i}] has no string Name`);
        } else {
          const v = (p as { Value?: unknown }).Value;
          if (v !== undefined && v !== null && typeof v === 'object')
            problems.push(`CustomProperties[${i}].Value is not a scalar`);
        }
      });
  }
  return problems;
}
