/**
 * The emulated tenant's audit-relevant facts: Unified Audit Log ingestion, organization-wide
 * mailbox auditing, each mailbox's audited actions and audit bypass, and each user's licences.
 * Given as `EmulatorOptions.tenant` or the `emulate --tenant-config FILE` JSON (every member
 * optional). The defaults fit the built-in BEC scenario and Microsoft's own defaults: ingestion
 * on, auditing on by default, no bypass, Microsoft 365 E3 for everyone (Audit Standard, Entra ID
 * P1), and the managed default audit sets, in which SearchQueryInitiated and MailboxLogin are off.
 *
 * @module
 */
import { DEFAULT_AUDIT_SETS, type LogonType } from '../../sources/tenant/mailbox-audit.js';
import { ORGANIZATION_NAME, TENANT_ID, directoryUser } from '../scenario/audit-vocabulary.js';
import { SKU_CATALOG, type CatalogSku } from './sku-catalog.js';

/** One mailbox (and its user) as configured. Everything is optional. */
export interface TenantMailboxConfig {
  /** Licences by SKU part number (see sku-catalog.ts); default the tenant's `defaultLicences`. */
  readonly licences?: readonly string[];
  /** Service plans assigned but disabled for this user, e.g. `["M365_ADVANCED_AUDITING"]`. */
  readonly disabledPlans?: readonly string[];
  /** `Get-Mailbox` AuditEnabled; default true. */
  readonly auditEnabled?: boolean;
  /** Audited owner actions; default Microsoft's managed set. */
  readonly auditOwner?: readonly string[];
  readonly auditDelegate?: readonly string[];
  readonly auditAdmin?: readonly string[];
  /** `Get-MailboxAuditBypassAssociation` AuditBypassEnabled; default false. */
  readonly auditBypass?: boolean;
}

export interface TenantConfig {
  /** Tenant id (GUID); default the identity provider's, else the BEC scenario's. */
  readonly tenantId?: string;
  readonly displayName?: string;
  /** The `*.onmicrosoft.com` domain; default the scenario's `contoso.onmicrosoft.com`. */
  readonly initialDomain?: string;
  /** Further verified domains; default the domains of the mailboxes. */
  readonly domains?: readonly string[];
  readonly unifiedAuditLogIngestionEnabled?: boolean;
  readonly adminAuditLogEnabled?: boolean;
  /** `Get-OrganizationConfig` AuditDisabled; default false. */
  readonly auditDisabled?: boolean;
  /** Licences of mailboxes that do not name their own; default `["SPE_E3"]`. */
  readonly defaultLicences?: readonly string[];
  /** Mailboxes by UPN; the served Activities mailboxes are added with defaults. */
  readonly mailboxes?: Readonly<Record<string, TenantMailboxConfig>>;
}

/** The BEC scenario's tenant, so the audit records, sign-ins and tenant facts agree. */
export const DEFAULT_TENANT_ID = TENANT_ID;

/** A mailbox with every default applied. */
export interface ResolvedMailbox {
  readonly upn: string;
  readonly objectId: string;
  readonly exchangeGuid: string;
  readonly licences: readonly CatalogSku[];
  readonly disabledPlans: readonly string[];
  readonly auditEnabled: boolean;
  readonly audit: Readonly<Record<LogonType, readonly string[]>>;
  readonly auditBypass: boolean;
}

/** The tenant with every default applied, as the routes serve it. */
export interface ResolvedTenant {
  readonly tenantId: string;
  readonly displayName: string;
  readonly initialDomain: string;
  readonly domains: readonly string[];
  readonly unifiedAuditLogIngestionEnabled: boolean;
  readonly adminAuditLogEnabled: boolean;
  readonly auditDisabled: boolean;
  /** By lower-case UPN. */
  readonly mailboxes: ReadonlyMap<string, ResolvedMailbox>;
}

/**
 * Applies the defaults. `servedMailboxes` are the Activities API's mailboxes; `identity` the
 * identity provider's tenant, whose id the tenant takes unless the configuration names one.
 */
export function resolveTenant(
  config: TenantConfig,
  servedMailboxes: readonly string[],
  identity?: { readonly tenantId: string; readonly domains?: readonly string[] },
): ResolvedTenant {
  const defaults = config.defaultLicences ?? ['SPE_E3'];
  const entries = new Map<string, { upn: string; cfg: TenantMailboxConfig }>();
  for (const upn of servedMailboxes) entries.set(upn.toLowerCase(), { upn, cfg: {} });
  for (const [upn, cfg] of Object.entries(config.mailboxes ?? {}))
    entries.set(upn.toLowerCase(), { upn, cfg });
  const mailboxes = new Map<string, ResolvedMailbox>();
  for (const [key, { upn, cfg }] of entries) {
    const who = directoryUser(key);
    mailboxes.set(key, {
      upn,
      objectId: who.objectId,
      exchangeGuid: who.mailboxGuid,
      licences: (cfg.licences ?? defaults).map((name) => SKU_CATALOG[name]!),
      disabledPlans: cfg.disabledPlans ?? [],
      auditEnabled: cfg.auditEnabled ?? true,
      audit: {
        owner: cfg.auditOwner ?? DEFAULT_AUDIT_SETS.owner,
        delegate: cfg.auditDelegate ?? DEFAULT_AUDIT_SETS.delegate,
        admin: cfg.auditAdmin ?? DEFAULT_AUDIT_SETS.admin,
      },
      auditBypass: cfg.auditBypass ?? false,
    });
  }
  const mailboxDomains = [...mailboxes.keys()].map((k) => k.slice(k.indexOf('@') + 1));
  const initialDomain = config.initialDomain ?? ORGANIZATION_NAME;
  const domains = [...new Set([...(config.domains ?? mailboxDomains), ...(identity?.domains ?? [])])];
  return {
    tenantId: config.tenantId ?? identity?.tenantId ?? DEFAULT_TENANT_ID,
    displayName: config.displayName ?? 'Contoso (mailtrail emulator)',
    initialDomain,
    domains: domains.filter((d) => d.toLowerCase() !== initialDomain.toLowerCase()),
    unifiedAuditLogIngestionEnabled: config.unifiedAuditLogIngestionEnabled ?? true,
    adminAuditLogEnabled: config.adminAuditLogEnabled ?? true,
    auditDisabled: config.auditDisabled ?? false,
    mailboxes,
  };
}

/** True when `name` (a tenant id or any of its domains) names this tenant. */
export function namesTenant(tenant: ResolvedTenant, name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === tenant.tenantId.toLowerCase() ||
    n === tenant.initialDomain.toLowerCase() ||
    tenant.domains.some((d) => d.toLowerCase() === n)
  );
}

/** The logon types still on Microsoft's default set (Get-Mailbox DefaultAuditSet). */
export function defaultAuditSetOf(mb: ResolvedMailbox): string[] {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));
  return (['admin', 'delegate', 'owner'] as const)
    .filter((t) => same(mb.audit[t], DEFAULT_AUDIT_SETS[t]))
    .map((t) => `${t[0]!.toUpperCase()}${t.slice(1)}`);
}
