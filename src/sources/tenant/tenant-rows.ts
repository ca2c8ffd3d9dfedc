/**
 * The tenant-wide rows of the pre-flight table: Unified Audit Log ingestion, organization-wide
 * mailbox auditing, admin cmdlet auditing, custom retention policies, sign-in logs, the audit
 * query API, and what each credential holds. Every row names the evidence it rests on; a fact
 * that could not be read becomes `unknown` with the reason, never a guess.
 *
 * @module
 */
import { EXCHANGE_APP_PERMISSION, EXCHANGE_DELEGATED_SCOPE, EXCHANGE_RESOURCE } from './exchange-admin.js';
import { GRAPH_PERMISSIONS, GRAPH_RESOURCE } from './graph-directory.js';
import type { CredentialFacts, Fact, PreflightRow, ProbeRecord, TenantFacts } from './preflight-types.js';
import { SIGN_IN_DAYS, signInEarliest, startCoverage } from './retention.js';
import { audienceMatches, canonicalAudience, grantedOneOf } from './token-claims.js';

export const probesOf = (...facts: Fact<unknown>[]) => [
  ...new Set(facts.map((f) => f.probe).filter((p): p is string => p !== null)),
];

export const unknownRow = (
  base: Omit<PreflightRow, 'available' | 'answer' | 'why'>,
  why: string,
): PreflightRow => ({ ...base, available: 'unknown', answer: 'unknown', why });

export function tenantRows(f: TenantFacts): PreflightRow[] {
  return [
    ingestionRow(f),
    orgAuditRow(f),
    adminAuditRow(f),
    retentionPolicyRow(),
    signInRow(f),
    ...(f.start !== null ? [signInStartRow(f, f.start)] : []),
    auditQueryRow(f),
    ...f.credentials.map((c) => credentialRow(c, f.probes)),
  ];
}

function ingestionRow(f: TenantFacts): PreflightRow {
  const base = {
    id: 'ual.ingestion',
    scope: 'tenant',
    question: 'Is the Unified Audit Log recording?',
    evidence: 'Exchange Get-AdminAuditLogConfig → UnifiedAuditLogIngestionEnabled',
    probes: probesOf(f.ualIngestion),
  };
  if (!f.ualIngestion.known) return unknownRow(base, f.ualIngestion.why);
  return f.ualIngestion.value
    ? { ...base, available: 'yes', answer: 'ingestion on', why: 'UnifiedAuditLogIngestionEnabled is True.' }
    : {
        ...base,
        available: 'no',
        answer: 'ingestion OFF',
        why:
          'UnifiedAuditLogIngestionEnabled is False: no mailbox, admin or sign-in audit records are being written to the Unified Audit Log. ' +
          'Turning it off is a known anti-forensic step; find out when and by whom (an admin audit record of Set-AdminAuditLogConfig, if any survived).',
      };
}

function orgAuditRow(f: TenantFacts): PreflightRow {
  const base = {
    id: 'org.mailbox-auditing',
    scope: 'tenant',
    question: 'Is mailbox auditing on for the organization?',
    evidence: 'Exchange Get-OrganizationConfig → AuditDisabled',
    probes: probesOf(f.orgAuditDisabled),
  };
  if (!f.orgAuditDisabled.known) return unknownRow(base, f.orgAuditDisabled.why);
  return f.orgAuditDisabled.value
    ? {
        ...base,
        available: 'no',
        answer: 'auditing DISABLED',
        why: 'AuditDisabled is True: no mailbox action is audited in any mailbox, whatever each mailbox’s AuditEnabled says.',
      }
    : {
        ...base,
        available: 'yes',
        answer: 'on by default',
        why: 'AuditDisabled is False: mailbox auditing is on by default (a mailbox’s AuditEnabled: False is ignored).',
      };
}

function adminAuditRow(f: TenantFacts): PreflightRow {
  const base = {
    id: 'admin.auditing',
    scope: 'tenant',
    question: 'Are admin cmdlets (New-InboxRule, Set-InboxRule, Set-Mailbox) recorded?',
    evidence: 'Exchange Get-AdminAuditLogConfig → AdminAuditLogEnabled, UnifiedAuditLogIngestionEnabled',
    probes: probesOf(f.adminAuditLog, f.ualIngestion),
  };
  if (f.ualIngestion.known && !f.ualIngestion.value)
    return {
      ...base,
      available: 'no',
      answer: 'not recorded',
      why: 'The Unified Audit Log is not ingesting.',
    };
  if (!f.adminAuditLog.known) return unknownRow(base, f.adminAuditLog.why);
  if (!f.adminAuditLog.value)
    return { ...base, available: 'no', answer: 'not recorded', why: 'AdminAuditLogEnabled is False.' };
  if (!f.ualIngestion.known)
    return unknownRow(base, `AdminAuditLogEnabled is True, but ingestion is unknown: ${f.ualIngestion.why}`);
  return {
    ...base,
    available: 'yes',
    answer: 'recorded',
    why: 'AdminAuditLogEnabled and UnifiedAuditLogIngestionEnabled are True: inbox-rule and forwarding changes made with cmdlets or OWA appear as ExchangeAdmin records.',
  };
}

function retentionPolicyRow(): PreflightRow {
  return {
    id: 'retention.custom-policies',
    scope: 'tenant',
    question: 'Do custom audit retention policies change how long records are kept?',
    evidence: 'none readable: Security & Compliance PowerShell Get-UnifiedAuditLogRetentionPolicy',
    available: 'unknown',
    answer: 'unknown',
    why:
      'Custom audit retention policies override the licence defaults (shorter or longer), but neither Microsoft Graph nor the Exchange admin API exposes them. ' +
      'Check them in the Purview portal (Audit → Audit retention policies) or with Get-UnifiedAuditLogRetentionPolicy; the retention rows below are licence defaults.',
    probes: [],
  };
}

function signInRow(f: TenantFacts): PreflightRow {
  const lic = f.signInLicence;
  const read = f.signInsReadable;
  const base = {
    id: 'signins.available',
    scope: 'tenant',
    question: 'Are Entra ID sign-in logs available through Graph?',
    evidence: 'Graph GET /subscribedSkus (AAD_PREMIUM, AAD_PREMIUM_P2); GET /auditLogs/signIns?$top=1',
    probes: probesOf(lic, read),
  };
  const readWhy = read.known ? (read.value ? 'answered' : 'tenant without premium') : read.why;
  const days = `${SIGN_IN_DAYS} days back (since ${signInEarliest(Date.parse(f.now)).slice(0, 10)})`;
  if (read.known && read.value)
    return {
      ...base,
      available: 'yes',
      answer: days,
      why: `The sign-in log answered${lic.known && lic.value.entraPremium ? ` (Entra ID ${lic.value.entraPremium}: ${lic.value.basis.join(', ')})` : ''}; Entra ID keeps sign-ins ${SIGN_IN_DAYS} days.`,
    };
  if (read.known && !read.value)
    return {
      ...base,
      available: 'no',
      answer: 'not available',
      why: 'Graph refused: the tenant has no Entra ID P1/P2, so sign-in logs cannot be downloaded (the UAL still has UserLoggedIn records).',
    };
  if (lic.known && lic.value.entraPremium === null)
    return {
      ...base,
      available: 'no',
      answer: 'not available',
      why: `No enabled subscription includes Entra ID P1/P2 (AAD_PREMIUM); Graph serves sign-in logs only to premium tenants. The sign-in probe: ${readWhy}`,
    };
  if (lic.known)
    return {
      ...base,
      available: 'yes',
      answer: days,
      why: `Entra ID ${lic.value.entraPremium} (${lic.value.basis.join(', ')}) keeps sign-ins ${SIGN_IN_DAYS} days, but these credentials could not read them: ${readWhy}`,
    };
  return unknownRow(base, `Licences: ${lic.why}; sign-in probe: ${readWhy}`);
}

function signInStartRow(f: TenantFacts, start: string): PreflightRow {
  const signIns = signInRow(f);
  const base = {
    id: 'signins.start',
    scope: 'tenant',
    question: `Do sign-in logs reach back to the incident start (${start})?`,
    evidence: `${signIns.evidence}; ${SIGN_IN_DAYS}-day retention`,
    probes: signIns.probes,
  };
  if (signIns.available === 'unknown') return unknownRow(base, signIns.why);
  if (signIns.available === 'no')
    return { ...base, available: 'no', answer: 'no sign-in logs', why: signIns.why };
  const c = startCoverage(start, signInEarliest(Date.parse(f.now)));
  return c.covered
    ? {
        ...base,
        available: 'yes',
        answer: `yes, ${c.marginDays} day(s) to spare`,
        why: `Sign-ins are kept ${SIGN_IN_DAYS} days.`,
      }
    : {
        ...base,
        available: 'no',
        answer: `no, ${-c.marginDays} day(s) too old`,
        why: `Sign-ins are kept ${SIGN_IN_DAYS} days; those before ${signInEarliest(Date.parse(f.now)).slice(0, 10)} are gone (the UAL's UserLoggedIn records may reach further).`,
      };
}

function auditQueryRow(f: TenantFacts): PreflightRow {
  const q = f.auditQueriesReadable;
  const base = {
    id: 'ual.query-api',
    scope: 'tenant',
    question: 'Can these credentials search the audit log through Graph?',
    evidence: 'Graph GET /security/auditLog/queries?$top=1 (lists queries; creates none)',
    probes: probesOf(q),
  };
  if (!q.known) return unknownRow(base, q.why);
  return q.value
    ? { ...base, available: 'yes', answer: 'yes', why: 'The audit log query API answered.' }
    : {
        ...base,
        available: 'no',
        answer: 'no',
        why: `Refused; needs one of ${GRAPH_PERMISSIONS.auditLogQueries.join(', ')}.`,
      };
}

function credentialRow(c: CredentialFacts, probes: readonly ProbeRecord[]): PreflightRow {
  const mine = probes.filter((p) => p.api === c.api);
  const answered = mine.filter((p) => p.outcome === 'answered').map((p) => p.what);
  const refused = mine.filter((p) => p.outcome === 'denied' || p.outcome === 'unauthenticated');
  const resource = c.api === 'graph' ? GRAPH_RESOURCE : EXCHANGE_RESOURCE;
  const base = {
    id: `credentials.${c.api}`,
    scope: 'tenant',
    question: `What do the ${c.api === 'graph' ? 'Microsoft Graph' : 'Exchange admin API'} credentials hold?`,
    evidence: `access token claims (${c.description}; signature not checked) and which calls answered`,
    probes: mine.map((p) => p.id),
  };
  const calls = `Answered: ${answered.length > 0 ? answered.join('; ') : 'none'}.${refused.length > 0 ? ` Refused: ${refused.map((p) => `${p.what} (${p.status})`).join('; ')}.` : ''}`;
  if (c.claims === null)
    return {
      ...base,
      available: answered.length === 0 ? 'unknown' : refused.length === 0 ? 'yes' : 'partial',
      answer: 'token not readable',
      why: `The token is not a readable JWT, so its permissions are known only from the calls. ${calls}`,
    };
  const cl = c.claims;
  const perms = [...cl.roles, ...cl.scopes];
  const who = `${cl.kind}${cl.appId ? `, app ${cl.appId}` : ''}${cl.user ? `, user ${cl.user}` : ''}${cl.tenantId ? `, tenant ${cl.tenantId}` : ''}`;
  if (!audienceMatches(cl, resource))
    return {
      ...base,
      available: 'no',
      answer: `token for ${cl.audience === null ? 'no audience' : canonicalAudience(cl.audience)}`,
      why: `This API needs a token for ${resource}. ${who}. ${calls}`,
    };
  let need = '';
  if (c.api === 'exchange') {
    const held = grantedOneOf(cl, [EXCHANGE_APP_PERMISSION, EXCHANGE_DELEGATED_SCOPE]);
    need = held
      ? ` ${held} is granted; the cmdlets also need an Exchange role (e.g. View-Only Audit Logs, View-Only Configuration or Global Reader), which the token does not show.`
      : ` Neither ${EXCHANGE_APP_PERMISSION} (app) nor ${EXCHANGE_DELEGATED_SCOPE} (delegated) is granted.`;
  }
  return {
    ...base,
    available: refused.length === 0 && answered.length > 0 ? 'yes' : answered.length > 0 ? 'partial' : 'no',
    answer: perms.length > 0 ? perms.join(', ') : 'no permissions in the token',
    why: `${who}.${need} ${calls}`,
  };
}
