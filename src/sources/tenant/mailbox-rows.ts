/**
 * The per-mailbox rows of the pre-flight table: is the mailbox audited at all, is its account
 * exempt (audit bypass), which forensic operations its audit sets record for owner, delegate and
 * admin, how far back its records reach by licence, and whether the incident start is still
 * inside that.
 *
 * @module
 */
import { auditRetention, startCoverage } from './retention.js';
import type { Fact, MailboxFacts, PreflightRow, TenantFacts } from './preflight-types.js';
import { probesOf, unknownRow } from './tenant-rows.js';
import {
  describeCoverage,
  enableCommand,
  operationCoverage,
  type MailboxAuditConfig,
} from './mailbox-audit.js';

/** Whether anything can be recorded for the mailbox, before looking at its audit sets. */
interface Gate {
  /** Known reasons nothing is recorded. */
  readonly closed: readonly string[];
  /** Facts that could not be read and could close it. */
  readonly unknown: readonly string[];
}

function gateOf(f: TenantFacts, m: MailboxFacts): Gate {
  const closed: string[] = [];
  const unknown: string[] = [];
  const check = (fact: Fact<boolean>, closesWhen: boolean, reason: string, name: string) => {
    if (!fact.known) unknown.push(`${name}: ${fact.why}`);
    else if (fact.value === closesWhen) closed.push(reason);
  };
  check(f.ualIngestion, false, 'the Unified Audit Log is not ingesting', 'UAL ingestion');
  check(
    f.orgAuditDisabled,
    true,
    'mailbox auditing is disabled for the organization',
    'organization AuditDisabled',
  );
  check(
    m.bypass,
    true,
    `${m.upn} has an audit bypass: none of its mailbox actions are logged`,
    'audit bypass',
  );
  return { closed, unknown };
}

export function mailboxRows(f: TenantFacts, m: MailboxFacts): PreflightRow[] {
  return [
    auditingRow(f, m),
    bypassRow(m),
    ...operationRows(f, m),
    retentionRow(f, m),
    ...(f.start !== null ? [startRow(f, m, f.start)] : []),
  ];
}

const MAILBOX_EVIDENCE =
  'Exchange Get-Mailbox (AuditEnabled, AuditOwner/AuditDelegate/AuditAdmin, DefaultAuditSet)';

function configOrRow(
  m: MailboxFacts,
  base: Omit<PreflightRow, 'available' | 'answer' | 'why'>,
): MailboxAuditConfig | PreflightRow {
  if (!m.mailbox.known) return unknownRow(base, m.mailbox.why);
  if (m.mailbox.value === null)
    return { ...base, available: 'no', answer: 'no mailbox', why: `Exchange has no mailbox ${m.upn}.` };
  return m.mailbox.value;
}

function auditingRow(f: TenantFacts, m: MailboxFacts): PreflightRow {
  const base = {
    id: 'mailbox.auditing',
    scope: m.upn,
    question: `Are mailbox actions in ${m.upn} audited?`,
    evidence: `${MAILBOX_EVIDENCE}; Get-OrganizationConfig; Get-MailboxAuditBypassAssociation; Get-AdminAuditLogConfig`,
    probes: probesOf(m.mailbox, f.orgAuditDisabled, m.bypass, f.ualIngestion),
  };
  const cfg = configOrRow(m, base);
  if ('question' in cfg) return cfg;
  const gate = gateOf(f, m);
  if (gate.closed.length > 0)
    return { ...base, available: 'no', answer: 'NOT audited', why: `${gate.closed.join('; ')}.` };
  const defaults =
    cfg.defaultAuditSet.length === 3
      ? 'All three logon types use Microsoft’s managed default actions.'
      : cfg.defaultAuditSet.length === 0
        ? 'The audited actions were customized for every logon type (DefaultAuditSet is empty).'
        : `Microsoft’s defaults apply to ${cfg.defaultAuditSet.join(', ')}; the other logon types were customized.`;
  const enabled = `AuditEnabled is ${cfg.auditEnabled === null ? 'not shown' : cfg.auditEnabled ? 'True' : 'False (ignored while auditing is on by default)'}.`;
  if (gate.unknown.length > 0) return unknownRow(base, `${enabled} But ${gate.unknown.join('; ')}.`);
  return { ...base, available: 'yes', answer: 'audited', why: `${enabled} ${defaults}` };
}

function bypassRow(m: MailboxFacts): PreflightRow {
  const base = {
    id: 'mailbox.bypass',
    scope: m.upn,
    question: `Is ${m.upn} free of an audit bypass?`,
    evidence: 'Exchange Get-MailboxAuditBypassAssociation → AuditBypassEnabled',
    probes: probesOf(m.bypass),
  };
  if (!m.bypass.known) return unknownRow(base, m.bypass.why);
  return m.bypass.value
    ? {
        ...base,
        available: 'no',
        answer: 'BYPASS ON',
        why: 'AuditBypassEnabled is True: no mailbox action by this account is logged, in its own mailbox or any other (owner, delegate and admin). Find out who set it (Set-MailboxAuditBypassAssociation in the admin audit log).',
      }
    : { ...base, available: 'yes', answer: 'no bypass', why: 'AuditBypassEnabled is False.' };
}

function operationRows(f: TenantFacts, m: MailboxFacts): PreflightRow[] {
  const cfgFact = m.mailbox;
  const template = operationCoverage(
    cfgFact.known && cfgFact.value
      ? cfgFact.value
      : {
          upn: m.upn,
          auditEnabled: null,
          auditOwner: [],
          auditDelegate: [],
          auditAdmin: [],
          defaultAuditSet: [],
        },
  );
  return template.map((c) => {
    const op = c.operation;
    const base = {
      id: `mailbox.operation.${op.operation}`,
      scope: m.upn,
      question: `Is ${op.operation} (${op.tells}) recorded for ${m.upn}?`,
      evidence:
        op.action === null
          ? 'Exchange Get-AdminAuditLogConfig (admin audit log: ExchangeAdmin records)'
          : `Exchange Get-Mailbox → ${op.logonTypes.map((t) => `Audit${t[0]!.toUpperCase()}${t.slice(1)}`).join('/')} contains ${op.action}`,
      probes:
        op.action === null
          ? probesOf(f.adminAuditLog, f.ualIngestion)
          : probesOf(m.mailbox, m.bypass, f.orgAuditDisabled, f.ualIngestion),
    };
    if (op.action === null) {
      // The admin audit log does not depend on mailbox auditing or bypass; only on ingestion.
      if (f.ualIngestion.known && !f.ualIngestion.value)
        return {
          ...base,
          available: 'no' as const,
          answer: 'no',
          why: 'The Unified Audit Log is not ingesting.',
        };
      if (!f.adminAuditLog.known) return unknownRow(base, f.adminAuditLog.why);
      if (!f.adminAuditLog.value)
        return { ...base, available: 'no' as const, answer: 'no', why: 'AdminAuditLogEnabled is False.' };
      if (f.ualIngestion.known)
        return {
          ...base,
          available: 'yes' as const,
          answer: 'yes (admin audit log)',
          why: 'Cmdlet runs are recorded tenant-wide as ExchangeAdmin records, whatever the mailbox’s audit sets say.',
        };
      return unknownRow(base, `UAL ingestion: ${f.ualIngestion.why}`);
    }
    const cfg = configOrRow(m, base);
    if ('question' in cfg) return cfg;
    const gate = gateOf(f, m);
    const configured = describeCoverage(c);
    if (gate.closed.length > 0)
      return {
        ...base,
        available: 'no' as const,
        answer: 'no',
        why: `${gate.closed.join('; ')} (audit sets: ${configured}).`,
      };
    const fix = enableCommand(m.upn, c);
    const advice = fix ? ` To record it from now on: ${fix}` : '';
    if (c.level === 'none') {
      const why =
        op.operation === 'SearchQueryInitiatedExchange'
          ? `SearchQueryInitiated is not in AuditOwner (Microsoft’s default leaves it off): searches made as the owner, the attacker’s included, left no record.${advice}`
          : `Not in the audit set of any logon type it applies to (${configured}).${advice}`;
      return { ...base, available: 'no' as const, answer: 'not audited', why };
    }
    if (gate.unknown.length > 0)
      return unknownRow(base, `Audit sets: ${configured}; but ${gate.unknown.join('; ')}.`);
    const throttle =
      op.operation === 'MailItemsAccessed'
        ? ' Above 1,000 MailItemsAccessed records in 24 hours, Bind records stop (IsThrottled); Sync records continue.'
        : '';
    return c.level === 'all'
      ? {
          ...base,
          available: 'yes' as const,
          answer: configured,
          why: `Audited for every logon type it applies to.${throttle}`,
        }
      : {
          ...base,
          available: 'partial' as const,
          answer: configured,
          why: `${c.byLogonType.owner === false ? 'NOT audited for the owner, which is how an attacker signed in as the user appears. ' : 'Audited for the owner (an attacker signed in as the user), not for every other logon type. '}${throttle}${advice}`.trim(),
        };
  });
}

function retentionRow(f: TenantFacts, m: MailboxFacts): PreflightRow {
  const base = {
    id: 'mailbox.retention',
    scope: m.upn,
    question: `How far back do ${m.upn}'s audit records reach (licence default)?`,
    evidence: 'Graph GET /users/{upn}/licenseDetails (M365_ADVANCED_AUDITING, 10_ALR_ADDON)',
    probes: probesOf(m.licence),
  };
  if (!m.licence.known) return unknownRow(base, m.licence.why);
  if (m.licence.value === null)
    return unknownRow(base, `Entra ID has no user ${m.upn}, so its licences (and retention) cannot be read.`);
  const lic = m.licence.value;
  const r = auditRetention(lic, Date.parse(f.now));
  const tier =
    r.tier === 'premium'
      ? `Audit (Premium): ${lic.basis.join(', ')}`
      : `Audit (Standard); SKUs: ${lic.skus.join(', ') || 'none'}`;
  const disabled = lic.auditPremiumDisabled
    ? ' M365_ADVANCED_AUDITING is assigned but DISABLED for this user, so its records fall back to Standard retention; disabling the plan is an anti-forensic step worth explaining.'
    : '';
  const tenYear = r.mayExtendToTenYears
    ? ' The 10-year add-on is assigned: records covered by a 10-year retention policy are kept 10 years (the policies cannot be read here: unknown).'
    : '';
  return {
    ...base,
    available: 'yes',
    answer: `${r.days} days (since ${r.earliest.slice(0, 10)})`,
    why: `${tier}.${disabled}${tenYear} Custom audit retention policies may change this (unknown, see retention.custom-policies).`,
  };
}

function startRow(f: TenantFacts, m: MailboxFacts, start: string): PreflightRow {
  const base = {
    id: 'mailbox.start',
    scope: m.upn,
    question: `Does ${m.upn}'s audit log reach back to the incident start (${start})?`,
    evidence: 'Graph licenseDetails → licence-default retention',
    probes: probesOf(m.licence),
  };
  if (!m.licence.known) return unknownRow(base, m.licence.why);
  if (m.licence.value === null) return unknownRow(base, `Entra ID has no user ${m.upn}.`);
  const r = auditRetention(m.licence.value, Date.parse(f.now));
  const c = startCoverage(start, r.earliest);
  if (c.covered)
    return {
      ...base,
      available: 'yes',
      answer: `yes, ${c.marginDays} day(s) to spare`,
      why: `Records since ${r.earliest.slice(0, 10)} are kept (${r.days}-day licence default); acquire before they age out. A custom retention policy could shorten this (unknown).`,
    };
  return {
    ...base,
    available: r.mayExtendToTenYears ? 'unknown' : 'no',
    answer: r.mayExtendToTenYears ? 'unknown' : `no, ${-c.marginDays} day(s) too old`,
    why: r.mayExtendToTenYears
      ? `Beyond the ${r.days}-day default by ${-c.marginDays} day(s); only a 10-year retention policy (unreadable here) would still hold it.`
      : `The ${r.days}-day licence default reaches back to ${r.earliest.slice(0, 10)}; records from the first ${-c.marginDays} day(s) of the incident have aged out unless a custom retention policy kept them (unknown).`,
  };
}
