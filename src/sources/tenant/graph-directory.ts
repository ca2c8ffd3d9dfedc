/**
 * Microsoft Graph answers a pre-flight check reads: `/organization` (tenant id, name, domains),
 * `/subscribedSkus` (what the tenant bought), `/users/{upn}/licenseDetails` (what one user holds),
 * and Graph's error body `{"error":{"code","message"}}`. The permissions each call needs are listed
 * here so that a refusal can say which permission would have answered.
 *
 * @module
 */
import type { LicenceInfo, ServicePlanInfo } from './licences.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** Least-privileged application permissions per Graph call (any one suffices). */
export const GRAPH_PERMISSIONS = {
  organization: ['Organization.Read.All', 'Directory.Read.All'],
  subscribedSkus: ['Organization.Read.All', 'LicenseAssignment.Read.All', 'Directory.Read.All'],
  licenseDetails: ['User.Read.All', 'LicenseAssignment.Read.All', 'Directory.Read.All'],
  auditLogQueries: ['AuditLogsQuery.Read.All', 'AuditLogsQuery-Exchange.Read.All'],
  signIns: ['AuditLog.Read.All'],
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A Graph JSON body, or null when it is not JSON. */
export function graphJson(body: Buffer | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch {
    return null;
  }
}

/** Graph's `{"error":{"code","message"}}`, or null. */
export function graphError(json: unknown): { readonly code: string; readonly message: string } | null {
  if (!isObject(json) || !isObject(json.error)) return null;
  return { code: str(json.error.code) ?? '', message: str(json.error.message) ?? '' };
}

/** The `value` array of a Graph collection, or null when the body is not one. */
export function graphValue(json: unknown): Record<string, unknown>[] | null {
  return isObject(json) && Array.isArray(json.value) ? json.value.filter(isObject) : null;
}

function servicePlans(v: unknown): ServicePlanInfo[] {
  return Array.isArray(v)
    ? v.filter(isObject).flatMap((p) => {
        const name = str(p.servicePlanName);
        return name === null
          ? []
          : [
              {
                servicePlanName: name,
                servicePlanId: str(p.servicePlanId),
                provisioningStatus: str(p.provisioningStatus),
              },
            ];
      })
    : [];
}

/** `licenseDetails` or `subscribedSkus` items as {@link LicenceInfo}. */
export function licencesFrom(value: readonly Record<string, unknown>[]): LicenceInfo[] {
  return value.flatMap((l) => {
    const part = str(l.skuPartNumber);
    if (part === null) return [];
    return [
      {
        skuId: str(l.skuId),
        skuPartNumber: part,
        servicePlans: servicePlans(l.servicePlans),
        ...('capabilityStatus' in l ? { capabilityStatus: str(l.capabilityStatus) } : {}),
      },
    ];
  });
}

/** The tenant as `/organization` describes it. */
export interface OrganizationInfo {
  readonly tenantId: string | null;
  readonly displayName: string | null;
  /** The `*.onmicrosoft.com` domain (`isInitial`), usable as the Exchange tenant name. */
  readonly initialDomain: string | null;
  readonly defaultDomain: string | null;
}

export function organizationFrom(value: readonly Record<string, unknown>[]): OrganizationInfo | null {
  const org = value[0];
  if (!org) return null;
  const domains = Array.isArray(org.verifiedDomains) ? org.verifiedDomains.filter(isObject) : [];
  const pick = (flag: string) => str(domains.find((d) => d[flag] === true)?.name);
  return {
    tenantId: str(org.id),
    displayName: str(org.displayName),
    initialDomain: pick('isInitial'),
    defaultDomain: pick('isDefault'),
  };
}

/** The Graph error code of a tenant without Entra ID P1/P2 asking for sign-in logs. */
export const NON_PREMIUM_TENANT = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
