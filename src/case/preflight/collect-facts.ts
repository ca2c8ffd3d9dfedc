/**
 * Runs every pre-flight probe and turns the answers into {@link TenantFacts}. Tenant-wide facts are
 * read once, mailbox facts per `--user`. A probe that did not answer leaves its fact unknown with
 * the reason and the permission that would tell; nothing is inferred from silence.
 *
 * @module
 */
import pLimit from 'p-limit';
import {
  EXCHANGE_APP_PERMISSION,
  EXCHANGE_DELEGATED_SCOPE,
  GRAPH_PERMISSIONS,
  adminAuditLogConfigFrom,
  auditBypassFrom,
  decodeAccessToken,
  graphValue,
  licencesFrom,
  mailboxAuditFrom,
  organizationAuditDisabledFrom,
  organizationFrom,
  tenantSignInLicence,
  userAuditLicence,
  whyUnknown,
  type CredentialFacts,
  type Fact,
  type MailboxFacts,
  type ProbeRecord,
  type TenantFacts,
} from '../../sources/tenant/index.js';
import type { InvokeCommandResult } from '../../sources/tenant/exchange-admin.js';
import type { ProbeClient } from './probe-client.js';

const EXCHANGE_PERMS = [
  `${EXCHANGE_APP_PERMISSION} + an Exchange role (e.g. View-Only Configuration)`,
  EXCHANGE_DELEGATED_SCOPE,
];

export interface CollectOptions {
  readonly users: readonly string[];
  /** `--tenant`: tenant id or domain for the Exchange admin API. */
  readonly tenant?: string;
  readonly start?: string;
  readonly now: Date;
  readonly authorization: { readonly graph: string; readonly exchange: string };
  readonly descriptions: { readonly graph: string; readonly exchange: string };
}

function known<T>(record: ProbeRecord, value: T | null | undefined, field: string): Fact<T> {
  if (value === null || value === undefined)
    return { known: false, why: `${record.what} answered without ${field}`, probe: record.id };
  return { known: true, value, probe: record.id };
}

const unknownFrom = <T>(record: ProbeRecord): Fact<T> => ({
  known: false,
  why: whyUnknown(record),
  probe: record.id,
});

function fromCmdlet<T>(
  probe: { record: ProbeRecord; result: InvokeCommandResult | null },
  read: (value: readonly Record<string, unknown>[]) => T | null,
  field: string,
): Fact<T> {
  if (probe.record.outcome !== 'answered' || !probe.result?.ok) return unknownFrom(probe.record);
  return known(probe.record, read(probe.result.value), field);
}

export async function collectFacts(client: ProbeClient, opts: CollectOptions): Promise<TenantFacts> {
  const credentials: CredentialFacts[] = (['graph', 'exchange'] as const).map((api) => ({
    api,
    description: opts.descriptions[api],
    claims: decodeAccessToken(opts.authorization[api]),
  }));

  const org = await client.graph('graph.organization', '/v1.0/organization', GRAPH_PERMISSIONS.organization);
  const orgInfo = org.json ? organizationFrom(graphValue(org.json) ?? []) : null;
  const exchangeTid = credentials[1]!.claims?.tenantId ?? null;
  const graphTid = credentials[0]!.claims?.tenantId ?? null;
  const tenant = opts.tenant
    ? { id: opts.tenant, source: '--tenant' }
    : exchangeTid
      ? { id: exchangeTid, source: 'the Exchange token (tid)' }
      : orgInfo?.tenantId
        ? { id: orgInfo.tenantId, source: 'Graph /organization' }
        : graphTid
          ? { id: graphTid, source: 'the Graph token (tid)' }
          : { id: null, source: 'not known: give --tenant' };

  const skus = await client.graph(
    'graph.subscribedSkus',
    '/v1.0/subscribedSkus',
    GRAPH_PERMISSIONS.subscribedSkus,
  );
  const skuValue = skus.json ? graphValue(skus.json) : null;
  const signInLicence =
    skus.record.outcome === 'answered'
      ? known(skus.record, skuValue ? tenantSignInLicence(licencesFrom(skuValue)) : null, 'a value array')
      : unknownFrom<ReturnType<typeof tenantSignInLicence>>(skus.record);

  const signIns = await client.graph(
    'graph.signIns',
    '/v1.0/auditLogs/signIns?$top=1',
    GRAPH_PERMISSIONS.signIns,
  );
  const signInsReadable: Fact<boolean> =
    signIns.record.outcome === 'answered'
      ? { known: true, value: true, probe: signIns.record.id }
      : signIns.record.outcome === 'unavailable'
        ? { known: true, value: false, probe: signIns.record.id }
        : unknownFrom(signIns.record);

  const queries = await client.graph(
    'graph.auditLogQueries',
    '/v1.0/security/auditLog/queries?$top=1',
    GRAPH_PERMISSIONS.auditLogQueries,
  );
  const auditQueriesReadable: Fact<boolean> =
    queries.record.outcome === 'answered'
      ? { known: true, value: true, probe: queries.record.id }
      : queries.record.outcome === 'denied'
        ? { known: true, value: false, probe: queries.record.id }
        : unknownFrom(queries.record);

  const noTenant = <T>(): Fact<T> => ({
    known: false,
    why: 'the tenant for the Exchange admin API is not known: give --tenant',
    probe: null,
  });
  let ualIngestion: Fact<boolean> = noTenant();
  let adminAuditLog: Fact<boolean> = noTenant();
  let orgAuditDisabled: Fact<boolean> = noTenant();
  const tid = tenant.id;
  if (tid !== null) {
    const audit = await client.cmdlet(
      'exchange.Get-AdminAuditLogConfig',
      tid,
      'Get-AdminAuditLogConfig',
      {},
      EXCHANGE_PERMS,
    );
    ualIngestion = fromCmdlet(
      audit,
      (v) => adminAuditLogConfigFrom(v).unifiedAuditLogIngestionEnabled,
      'UnifiedAuditLogIngestionEnabled',
    );
    adminAuditLog = fromCmdlet(
      audit,
      (v) => adminAuditLogConfigFrom(v).adminAuditLogEnabled,
      'AdminAuditLogEnabled',
    );
    const orgCfg = await client.cmdlet(
      'exchange.Get-OrganizationConfig',
      tid,
      'Get-OrganizationConfig',
      {},
      EXCHANGE_PERMS,
    );
    orgAuditDisabled = fromCmdlet(orgCfg, organizationAuditDisabledFrom, 'AuditDisabled');
  }

  const limit = pLimit(4);
  const mailboxes = await Promise.all(
    opts.users.map((upn) => limit(() => mailboxFacts(client, tid, upn, noTenant))),
  );
  // Mailboxes are probed in parallel; list their calls in --user order, as the table is.
  client.sortBy((probeId) => {
    const at = probeId.indexOf(':');
    if (at < 0) return -1;
    const kind = [
      'graph.licenseDetails',
      'exchange.Get-Mailbox',
      'exchange.Get-MailboxAuditBypassAssociation',
    ];
    return opts.users.indexOf(probeId.slice(at + 1)) * kind.length + kind.indexOf(probeId.slice(0, at));
  });
  return {
    now: opts.now.toISOString(),
    start: opts.start ?? null,
    tenant,
    credentials,
    ualIngestion,
    adminAuditLog,
    orgAuditDisabled,
    signInLicence,
    signInsReadable,
    auditQueriesReadable,
    mailboxes,
    probes: client.records,
  };
}

async function mailboxFacts(
  client: ProbeClient,
  tid: string | null,
  upn: string,
  noTenant: <T>() => Fact<T>,
): Promise<MailboxFacts> {
  const lic = await client.graph(
    `graph.licenseDetails:${upn}`,
    `/v1.0/users/${encodeURIComponent(upn)}/licenseDetails`,
    GRAPH_PERMISSIONS.licenseDetails,
  );
  const licValue = lic.json ? graphValue(lic.json) : null;
  const licence: MailboxFacts['licence'] =
    lic.record.outcome === 'not-found'
      ? { known: true, value: null, probe: lic.record.id }
      : lic.record.outcome === 'answered'
        ? known(lic.record, licValue ? userAuditLicence(licencesFrom(licValue)) : null, 'a value array')
        : unknownFrom(lic.record);
  if (tid === null) return { upn, mailbox: noTenant(), bypass: noTenant(), licence };
  const mb = await client.cmdlet(
    `exchange.Get-Mailbox:${upn}`,
    tid,
    'Get-Mailbox',
    { Identity: upn },
    EXCHANGE_PERMS,
  );
  const mailbox: MailboxFacts['mailbox'] =
    mb.record.outcome === 'not-found'
      ? { known: true, value: null, probe: mb.record.id }
      : fromCmdlet(mb, (v) => mailboxAuditFrom(upn, v), 'a mailbox object');
  const bp = await client.cmdlet(
    `exchange.Get-MailboxAuditBypassAssociation:${upn}`,
    tid,
    'Get-MailboxAuditBypassAssociation',
    { Identity: upn },
    EXCHANGE_PERMS,
  );
  return { upn, mailbox, bypass: fromCmdlet(bp, auditBypassFrom, 'AuditBypassEnabled'), licence };
}
