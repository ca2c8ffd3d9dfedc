import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tenantSignInLicence, userAuditLicence, type LicenceInfo } from './licences.js';
import { auditRetention, standardEarliestMs, startCoverage } from './retention.js';

const plan = (servicePlanName: string, provisioningStatus: string | null = 'Success') => ({
  servicePlanName,
  servicePlanId: null,
  provisioningStatus,
});
const E3: LicenceInfo = {
  skuId: null,
  skuPartNumber: 'SPE_E3',
  servicePlans: [plan('EXCHANGE_S_ENTERPRISE'), plan('AAD_PREMIUM'), plan('M365_AUDIT_PLATFORM')],
};
const E5: LicenceInfo = {
  skuId: null,
  skuPartNumber: 'SPE_E5',
  servicePlans: [plan('EXCHANGE_S_ENTERPRISE'), plan('AAD_PREMIUM_P2'), plan('M365_ADVANCED_AUDITING')],
};

test('E3 is Standard, E5 is Premium, a disabled Premium plan does not count', () => {
  assert.equal(userAuditLicence([E3]).auditPremium, false);
  assert.equal(userAuditLicence([E3]).exchange, true);
  const e5 = userAuditLicence([E5]);
  assert.equal(e5.auditPremium, true);
  assert.deepEqual(e5.basis, ['SPE_E5/M365_ADVANCED_AUDITING']);
  const disabled = userAuditLicence([
    { ...E5, servicePlans: [plan('EXCHANGE_S_ENTERPRISE'), plan('M365_ADVANCED_AUDITING', 'Disabled')] },
  ]);
  assert.equal(disabled.auditPremium, false);
  assert.equal(disabled.auditPremiumDisabled, true);
  const addon = userAuditLicence([E5, { skuId: null, skuPartNumber: '10_ALR_ADDON', servicePlans: [] }]);
  assert.equal(addon.tenYearAddon, true);
});

test('sign-in licence: P2 beats P1, suspended subscriptions do not count', () => {
  assert.equal(tenantSignInLicence([E3]).entraPremium, 'P1');
  assert.equal(tenantSignInLicence([E3, E5]).entraPremium, 'P2');
  assert.equal(tenantSignInLicence([{ ...E3, capabilityStatus: 'Suspended' }]).entraPremium, null);
});

test('Standard retention honours the 90 → 180 day change of 2024-10-17', () => {
  // Long after the change: 180 days back.
  const now = Date.UTC(2026, 10, 22);
  assert.equal(new Date(standardEarliestMs(now)).toISOString(), '2026-05-26T00:00:00.000Z');
  // Shortly after the change: records from before it lived 90 days only.
  const soon = Date.UTC(2024, 11, 1);
  assert.equal(new Date(standardEarliestMs(soon)).toISOString(), '2024-09-02T00:00:00.000Z');
  // 100 days after: the 90-day records have gone, the change date bounds it.
  const later = Date.UTC(2025, 0, 25);
  assert.equal(new Date(standardEarliestMs(later)).toISOString(), '2024-10-17T00:00:00.000Z');
});

test('Premium keeps a year; coverage of a start date has a signed margin', () => {
  const now = Date.UTC(2026, 10, 22);
  const r = auditRetention(userAuditLicence([E5]), now);
  assert.equal(r.tier, 'premium');
  assert.equal(r.earliest, '2025-11-22T00:00:00.000Z');
  assert.deepEqual(startCoverage('2025-12-02T00:00:00Z', r.earliest), { covered: true, marginDays: 10 });
  assert.deepEqual(startCoverage('2025-11-12T00:00:00Z', r.earliest), { covered: false, marginDays: -10 });
});
