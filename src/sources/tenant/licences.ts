/**
 * Licences → audit features. Which audit records Microsoft keeps, and for how long, depends on
 * the licence of the user who *generated* the record (for a compromised mailbox: its owner, since
 * the attacker acts as the owner). Graph tells us the licences as SKUs and service plans
 * (`/users/{id}/licenseDetails` per user, `/subscribedSkus` for the tenant); this module reads
 * them. Facts it relies on:
 *
 * - Audit (Premium) is the service plan `M365_ADVANCED_AUDITING` (in Office/Microsoft 365 E5/A5/G5,
 *   Microsoft 365 E5 Compliance, E5 eDiscovery and Audit). A plan whose `provisioningStatus` is
 *   `Disabled` does not count: disabling it for a user is a known anti-forensic step.
 * - The 10-Year Audit Log Retention add-on is the SKU `10_ALR_ADDON`
 *   (`c2e41e49-e2a2-4c55-832a-cf13ffba1d6a`).
 * - Entra sign-in logs through Graph need Entra ID P1 or P2 in the tenant (`AAD_PREMIUM`,
 *   `AAD_PREMIUM_P2`), and are kept 30 days.
 *
 * @module
 */

export const SERVICE_PLANS = {
  auditPremium: 'M365_ADVANCED_AUDITING',
  auditPlatform: 'M365_AUDIT_PLATFORM',
  entraP1: 'AAD_PREMIUM',
  entraP2: 'AAD_PREMIUM_P2',
  exchangePlan1: 'EXCHANGE_S_STANDARD',
  exchangePlan2: 'EXCHANGE_S_ENTERPRISE',
} as const;

export const TEN_YEAR_ADDON = {
  skuPartNumber: '10_ALR_ADDON',
  skuId: 'c2e41e49-e2a2-4c55-832a-cf13ffba1d6a',
} as const;

/** One service plan of a licence, as Graph lists it. */
export interface ServicePlanInfo {
  readonly servicePlanName: string;
  readonly servicePlanId: string | null;
  /** `Success`, `Disabled`, `PendingInput`, `PendingActivation`, … (absent in subscribedSkus). */
  readonly provisioningStatus: string | null;
}

/** One licence (SKU) assigned to a user (`licenseDetails`) or bought by the tenant (`subscribedSkus`). */
export interface LicenceInfo {
  readonly skuId: string | null;
  readonly skuPartNumber: string;
  readonly servicePlans: readonly ServicePlanInfo[];
  /** Tenant SKUs only: `Enabled`, `Warning`, `Suspended`, `Deleted`, `LockedOut`. */
  readonly capabilityStatus?: string | null;
}

/** What a user's licences mean for the audit records that user generates. */
export interface UserAuditLicence {
  /** The user's SKUs, by part number. */
  readonly skus: readonly string[];
  /** Audit (Premium) is assigned and provisioned. */
  readonly auditPremium: boolean;
  /** Audit (Premium) is assigned but its plan is disabled for this user. */
  readonly auditPremiumDisabled: boolean;
  /** The 10-year retention add-on is assigned. */
  readonly tenYearAddon: boolean;
  /** An Exchange Online plan is assigned and provisioned (the user has a licensed mailbox). */
  readonly exchange: boolean;
  /** The SKUs or plans each fact rests on, for the evidence column. */
  readonly basis: readonly string[];
}

const ACTIVE = (p: ServicePlanInfo) =>
  p.provisioningStatus === null || p.provisioningStatus.toLowerCase() !== 'disabled';

const planIn = (licences: readonly LicenceInfo[], name: string) =>
  licences.flatMap((l) =>
    l.servicePlans
      .filter((p) => p.servicePlanName.toUpperCase() === name)
      .map((p) => ({ sku: l.skuPartNumber, plan: p })),
  );

/** Interprets a user's `licenseDetails`. */
export function userAuditLicence(licences: readonly LicenceInfo[]): UserAuditLicence {
  const premium = planIn(licences, SERVICE_PLANS.auditPremium);
  const premiumActive = premium.filter((x) => ACTIVE(x.plan));
  const tenYear = licences.filter(
    (l) =>
      l.skuPartNumber.toUpperCase() === TEN_YEAR_ADDON.skuPartNumber ||
      l.skuId?.toLowerCase() === TEN_YEAR_ADDON.skuId,
  );
  const exchange = [
    ...planIn(licences, SERVICE_PLANS.exchangePlan1),
    ...planIn(licences, SERVICE_PLANS.exchangePlan2),
  ].filter((x) => ACTIVE(x.plan));
  const basis = [
    ...premiumActive.map((x) => `${x.sku}/${SERVICE_PLANS.auditPremium}`),
    ...premium.filter((x) => !ACTIVE(x.plan)).map((x) => `${x.sku}/${SERVICE_PLANS.auditPremium} (Disabled)`),
    ...tenYear.map((l) => l.skuPartNumber),
  ];
  return {
    skus: licences.map((l) => l.skuPartNumber),
    auditPremium: premiumActive.length > 0,
    auditPremiumDisabled: premium.length > 0 && premiumActive.length === 0,
    tenYearAddon: tenYear.length > 0,
    exchange: exchange.length > 0,
    basis,
  };
}

/** What the tenant's subscriptions say about Entra sign-in logs. */
export interface TenantSignInLicence {
  /** Highest Entra ID premium tier with an enabled subscription, or null. */
  readonly entraPremium: 'P1' | 'P2' | null;
  /** The SKUs that carry it. */
  readonly basis: readonly string[];
}

/** Interprets the tenant's `subscribedSkus` (only `Enabled`/`Warning` subscriptions count). */
export function tenantSignInLicence(skus: readonly LicenceInfo[]): TenantSignInLicence {
  const live = skus.filter((s) => {
    const status = (s.capabilityStatus ?? 'Enabled').toLowerCase();
    return status === 'enabled' || status === 'warning';
  });
  const p2 = planIn(live, SERVICE_PLANS.entraP2).map((x) => x.sku);
  const p1 = planIn(live, SERVICE_PLANS.entraP1).map((x) => x.sku);
  if (p2.length > 0) return { entraPremium: 'P2', basis: [...new Set(p2)] };
  if (p1.length > 0) return { entraPremium: 'P1', basis: [...new Set(p1)] };
  return { entraPremium: null, basis: [] };
}
