/**
 * The licences the emulated tenant can hold: a few real Microsoft 365 SKUs with their real SKU
 * ids and the service plans that matter for auditing (Exchange Online, Entra ID P1/P2, Audit
 * Premium). Real SKUs carry dozens of other plans; only these are emulated. A tenant
 * configuration names licences by `skuPartNumber`.
 *
 * @module
 */

export interface CatalogPlan {
  readonly servicePlanName: string;
  readonly servicePlanId: string;
  readonly appliesTo: 'User' | 'Company';
}

export interface CatalogSku {
  readonly skuPartNumber: string;
  readonly skuId: string;
  readonly servicePlans: readonly CatalogPlan[];
}

const plan = (servicePlanName: string, servicePlanId: string): CatalogPlan => ({
  servicePlanName,
  servicePlanId,
  appliesTo: 'User',
});

const EXO_P2 = plan('EXCHANGE_S_ENTERPRISE', 'efb87545-963c-4e0d-99df-69c6916d9eb0');
const EXO_P1 = plan('EXCHANGE_S_STANDARD', '9aaf7827-d63c-4b61-89c3-182f06f82e5c');
const AAD_P1 = plan('AAD_PREMIUM', '41781fb2-bc02-4b7c-bd55-b576c07bb09d');
const AAD_P2 = plan('AAD_PREMIUM_P2', 'eec0eb4f-6444-4f95-aba0-50c24d67f998');
const AUDIT_PREMIUM = plan('M365_ADVANCED_AUDITING', '2f442157-a11c-46b9-ae5b-6e39ff4e5849');
const AUDIT_PLATFORM = plan('M365_AUDIT_PLATFORM', 'f6de4823-28fa-440b-b886-4783fa86ddba');

/** Known SKUs by part number. */
export const SKU_CATALOG: Readonly<Record<string, CatalogSku>> = Object.fromEntries(
  (
    [
      ['SPE_E3', '05e9a617-0261-4cee-bb44-138d3ef5d965', [EXO_P2, AAD_P1, AUDIT_PLATFORM]],
      [
        'SPE_E5',
        '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
        [EXO_P2, AAD_P1, AAD_P2, AUDIT_PREMIUM, AUDIT_PLATFORM],
      ],
      ['ENTERPRISEPACK', '6fd2c87f-b296-42f0-b197-1e91e994b900', [EXO_P2, AUDIT_PLATFORM]],
      ['ENTERPRISEPREMIUM', 'c7df2760-2c81-4ef7-b578-5b5392b571df', [EXO_P2, AUDIT_PREMIUM, AUDIT_PLATFORM]],
      ['SPB', 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', [EXO_P1, AAD_P1, AUDIT_PLATFORM]],
      ['EXCHANGESTANDARD', '4b9405b0-7788-4568-add1-99614e613b69', [EXO_P1]],
      ['AAD_PREMIUM', '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', [AAD_P1]],
      ['AAD_PREMIUM_P2', '84a661c4-e949-4bd2-a560-ed7766fcaf2b', [AAD_P1, AAD_P2]],
      ['INFORMATION_PROTECTION_COMPLIANCE', '184efa21-98c3-4e5d-95ab-d07053a96e67', [AUDIT_PREMIUM]],
      // The add-on's own service plan is not emulated; clients recognise it by SKU.
      ['10_ALR_ADDON', 'c2e41e49-e2a2-4c55-832a-cf13ffba1d6a', []],
    ] as const
  ).map(([skuPartNumber, skuId, servicePlans]) => [skuPartNumber, { skuPartNumber, skuId, servicePlans }]),
);

export const KNOWN_SKUS = Object.keys(SKU_CATALOG);
