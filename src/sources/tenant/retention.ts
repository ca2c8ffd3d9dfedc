/**
 * How far back the audit log reaches, as far as licences decide it. Microsoft's default audit
 * retention policies:
 *
 * - Audit (Standard): 180 days for records created on or after 2024-10-17; records created before
 *   that date were kept 90 days.
 * - Audit (Premium): one year for Exchange, SharePoint and Entra ID records.
 * - With the 10-year add-on, records covered by a 10-year audit retention policy are kept ten
 *   years; without such a policy, Premium's one year applies.
 * - Entra ID sign-in logs through Graph: 30 days (P1/P2).
 *
 * Custom audit retention policies take priority over these defaults and may shorten *or* lengthen
 * retention; they live in Security & Compliance PowerShell (`Get-UnifiedAuditLogRetentionPolicy`),
 * which neither Graph nor the Exchange admin API exposes, so a retention derived here is always
 * "the licence default", stated as such.
 *
 * @module
 */
import type { UserAuditLicence } from './licences.js';

const DAY_MS = 86_400_000;

/** Records created before this instant fell under the old 90-day Standard retention. */
export const STANDARD_180_SINCE = Date.UTC(2024, 9, 17);
export const STANDARD_DAYS = 180;
export const STANDARD_DAYS_BEFORE_2024_10_17 = 90;
export const PREMIUM_DAYS = 365;
export const SIGN_IN_DAYS = 30;

export type AuditTier = 'standard' | 'premium';

/** The licence-default retention of one user's audit records. */
export interface AuditRetention {
  readonly tier: AuditTier;
  /** Nominal retention in days (180 or 365). */
  readonly days: number;
  /** The oldest record creation time that can still be in the log now (ISO 8601 UTC). */
  readonly earliest: string;
  /** True when a 10-year policy could extend it (add-on assigned; policies cannot be read). */
  readonly mayExtendToTenYears: boolean;
}

/**
 * The oldest creation time of a Standard record still retained at `nowMs`: records created after
 * 2024-10-17 live 180 days, older ones lived 90 days.
 */
export function standardEarliestMs(nowMs: number): number {
  const by90 = nowMs - STANDARD_DAYS_BEFORE_2024_10_17 * DAY_MS;
  if (by90 < STANDARD_180_SINCE) return by90;
  return Math.max(STANDARD_180_SINCE, nowMs - STANDARD_DAYS * DAY_MS);
}

/** The licence-default retention for a user's records at `nowMs`. */
export function auditRetention(licence: UserAuditLicence, nowMs: number): AuditRetention {
  if (licence.auditPremium) {
    return {
      tier: 'premium',
      days: PREMIUM_DAYS,
      earliest: new Date(nowMs - PREMIUM_DAYS * DAY_MS).toISOString(),
      mayExtendToTenYears: licence.tenYearAddon,
    };
  }
  return {
    tier: 'standard',
    days: STANDARD_DAYS,
    earliest: new Date(standardEarliestMs(nowMs)).toISOString(),
    mayExtendToTenYears: false,
  };
}

/** The oldest sign-in still in Entra ID at `nowMs` (ISO 8601 UTC). */
export function signInEarliest(nowMs: number): string {
  return new Date(nowMs - SIGN_IN_DAYS * DAY_MS).toISOString();
}

/** Whole days from `fromIso` to `toIso` (positive when `to` is later), rounded down. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS);
}

/** Whether an incident start is still covered, with the margin or the shortfall in days. */
export interface StartCoverage {
  readonly covered: boolean;
  /** Days between the earliest retained time and the start (negative: the start is too old). */
  readonly marginDays: number;
}

export function startCoverage(startIso: string, earliestIso: string): StartCoverage {
  const covered = Date.parse(startIso) >= Date.parse(earliestIso);
  return { covered, marginDays: daysBetween(earliestIso, startIso) };
}
