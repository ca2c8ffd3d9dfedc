/**
 * Validation of a tenant configuration (`EmulatorOptions.tenant`, `emulate --tenant-config FILE`).
 * Every problem names the file and the field. Audited actions are checked against the logon
 * types Exchange accepts them for, as `Set-Mailbox` would (MailboxLogin only for the owner, …).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { FormatError } from '../../errors.js';
import { KNOWN_SKUS } from './sku-catalog.js';
import type { TenantConfig } from './tenant-config.js';

/** Mailbox actions each logon type accepts (Purview, "Mailbox actions for user mailboxes"). */
export const ACTIONS_BY_LOGON_TYPE: Readonly<Record<'owner' | 'delegate' | 'admin', readonly string[]>> = {
  admin: [
    'ApplyRecord',
    'Copy',
    'Create',
    'FolderBind',
    'HardDelete',
    'MailItemsAccessed',
    'MessageBind',
    'Move',
    'MoveToDeletedItems',
    'RecordDelete',
    'Send',
    'SendAs',
    'SendOnBehalf',
    'SoftDelete',
    'Update',
    'UpdateCalendarDelegation',
    'UpdateComplianceTag',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
  delegate: [
    'ApplyRecord',
    'Create',
    'FolderBind',
    'HardDelete',
    'MailItemsAccessed',
    'Move',
    'MoveToDeletedItems',
    'RecordDelete',
    'SendAs',
    'SendOnBehalf',
    'SoftDelete',
    'Update',
    'UpdateComplianceTag',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
  owner: [
    'ApplyRecord',
    'Create',
    'HardDelete',
    'MailboxLogin',
    'MailItemsAccessed',
    'Move',
    'MoveToDeletedItems',
    'RecordDelete',
    'SearchQueryInitiated',
    'Send',
    'SoftDelete',
    'Update',
    'UpdateCalendarDelegation',
    'UpdateComplianceTag',
    'UpdateFolderPermissions',
    'UpdateInboxRules',
  ],
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@'()]+@[^\s@'()]+$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function extraMember(
  path: string,
  value: Record<string, unknown>,
  allowed: readonly string[],
): string | null {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  return extra === undefined ? null : `${path}: unknown member "${extra}" (expected ${allowed.join(', ')})`;
}

function stringsProblem(path: string, v: unknown, allowed?: readonly string[]): string | null {
  if (!Array.isArray(v)) return `${path} must be an array of strings`;
  for (const [i, x] of v.entries()) {
    if (typeof x !== 'string' || x.trim() === '') return `${path}[${i}] must be a non-empty string`;
    if (allowed && !allowed.includes(x)) return `${path}[${i}] "${x}" is not one of ${allowed.join(', ')}`;
  }
  return null;
}

function boolProblem(path: string, v: unknown): string | null {
  return v === undefined || typeof v === 'boolean' ? null : `${path} must be true or false`;
}

const MAILBOX_MEMBERS = [
  'licences',
  'disabledPlans',
  'auditEnabled',
  'auditOwner',
  'auditDelegate',
  'auditAdmin',
  'auditBypass',
];
const TOP_MEMBERS = [
  'tenantId',
  'displayName',
  'initialDomain',
  'domains',
  'unifiedAuditLogIngestionEnabled',
  'adminAuditLogEnabled',
  'auditDisabled',
  'defaultLicences',
  'mailboxes',
];

function mailboxProblem(path: string, mb: unknown): string | null {
  if (!isObject(mb)) return `${path} must be an object`;
  const extra = extraMember(path, mb, MAILBOX_MEMBERS);
  if (extra) return extra;
  if (mb.licences !== undefined) {
    const p = stringsProblem(`${path}.licences`, mb.licences, KNOWN_SKUS);
    if (p) return p;
  }
  if (mb.disabledPlans !== undefined) {
    const p = stringsProblem(`${path}.disabledPlans`, mb.disabledPlans);
    if (p) return p;
  }
  for (const [member, type] of [
    ['auditOwner', 'owner'],
    ['auditDelegate', 'delegate'],
    ['auditAdmin', 'admin'],
  ] as const) {
    if (mb[member] === undefined) continue;
    const p = stringsProblem(`${path}.${member}`, mb[member], ACTIONS_BY_LOGON_TYPE[type]);
    if (p) return p;
  }
  return (
    boolProblem(`${path}.auditEnabled`, mb.auditEnabled) ?? boolProblem(`${path}.auditBypass`, mb.auditBypass)
  );
}

/** The first problem of a parsed tenant configuration as `<field path> <what is wrong>`, or null. */
export function tenantConfigProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the top level must be an object';
  const extra = extraMember('the top level', value, TOP_MEMBERS);
  if (extra) return extra;
  if (value.tenantId !== undefined && (typeof value.tenantId !== 'string' || !GUID.test(value.tenantId)))
    return 'tenantId must be a GUID';
  for (const key of ['displayName', 'initialDomain'] as const) {
    if (value[key] !== undefined && (typeof value[key] !== 'string' || value[key] === ''))
      return `${key} must be a non-empty string`;
  }
  if (value.domains !== undefined) {
    const p = stringsProblem('domains', value.domains);
    if (p) return p;
  }
  for (const key of ['unifiedAuditLogIngestionEnabled', 'adminAuditLogEnabled', 'auditDisabled'] as const) {
    const p = boolProblem(key, value[key]);
    if (p) return p;
  }
  if (value.defaultLicences !== undefined) {
    const p = stringsProblem('defaultLicences', value.defaultLicences, KNOWN_SKUS);
    if (p) return p;
  }
  if (value.mailboxes !== undefined) {
    if (!isObject(value.mailboxes)) return 'mailboxes must be an object keyed by UPN';
    for (const [upn, mb] of Object.entries(value.mailboxes)) {
      if (!UPN.test(upn)) return `mailboxes: ${JSON.stringify(upn)} is not a UPN`;
      const p = mailboxProblem(`mailboxes[${JSON.stringify(upn)}]`, mb);
      if (p) return p;
    }
  }
  return null;
}

/** Validates a configuration given in code; throws a FormatError naming the field. */
export function checkTenantConfig(value: unknown, origin = 'EmulatorOptions.tenant'): TenantConfig {
  const problem = tenantConfigProblem(value);
  if (problem) throw new FormatError(`[emulate] ${origin} is invalid: ${problem}.`);
  return value as TenantConfig;
}

/** Reads and validates a `--tenant-config` file. */
export async function readTenantConfigFile(path: string): Promise<TenantConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new FormatError(
      `[emulate] Cannot read the tenant configuration ${path}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FormatError(
      `[emulate] The tenant configuration ${path} is not valid JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return checkTenantConfig(value, `The tenant configuration ${path}`);
}
