/**
 * The read cmdlets the emulated Exchange admin API answers, over the emulated tenant:
 * `Get-AdminAuditLogConfig`, `Get-OrganizationConfig`, `Get-Mailbox` and
 * `Get-MailboxAuditBypassAssociation`. Output objects carry the properties a pre-flight check
 * reads, spelled as Exchange Online serializes them (PascalCase, booleans as JSON booleans,
 * multi-valued properties as arrays of strings). Anything else is refused: the emulator serves
 * no cmdlet that changes the tenant.
 *
 * @module
 */
import { defaultAuditSetOf, type ResolvedMailbox, type ResolvedTenant } from '../directory/tenant-config.js';

/** A cmdlet failure, with the HTTP status and Exchange's `|Exception|text` message. */
export class CmdletError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (identity: string) =>
  new CmdletError(
    404,
    'NotFound',
    `|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '${identity}' couldn't be found on 'EMUP281A001.EMUP281.PROD.OUTLOOK.COM'.`,
  );

function mailboxObject(t: ResolvedTenant, mb: ResolvedMailbox): Record<string, unknown> {
  const alias = mb.upn.slice(0, mb.upn.indexOf('@'));
  return {
    Identity: alias,
    Name: alias,
    DisplayName: alias,
    Alias: alias,
    UserPrincipalName: mb.upn,
    PrimarySmtpAddress: mb.upn,
    ExchangeGuid: mb.exchangeGuid,
    ExternalDirectoryObjectId: mb.objectId,
    RecipientTypeDetails: 'UserMailbox',
    OrganizationId: t.initialDomain,
    AuditEnabled: mb.auditEnabled,
    AuditLogAgeLimit: '90.00:00:00',
    AuditAdmin: [...mb.audit.admin],
    AuditDelegate: [...mb.audit.delegate],
    AuditOwner: [...mb.audit.owner],
    DefaultAuditSet: defaultAuditSetOf(mb),
  };
}

function lookup(t: ResolvedTenant, identity: string): ResolvedMailbox {
  const key = identity.trim().toLowerCase();
  const mb =
    t.mailboxes.get(key) ??
    [...t.mailboxes.values()].find(
      (m) =>
        m.upn.slice(0, m.upn.indexOf('@')).toLowerCase() === key ||
        m.exchangeGuid === key ||
        m.objectId === key,
    );
  if (!mb) throw notFound(identity);
  return mb;
}

function identityOf(parameters: Record<string, unknown>, cmdlet: string): string {
  const id = parameters.Identity;
  if (typeof id !== 'string' || id.trim() === '')
    throw new CmdletError(
      400,
      'BadRequest',
      `|System.ArgumentException|${cmdlet} needs the Identity parameter (a mailbox).`,
    );
  return id;
}

/** Runs one cmdlet; throws a {@link CmdletError} for refusals. */
export function runCmdlet(
  t: ResolvedTenant,
  cmdlet: string,
  parameters: Record<string, unknown>,
): Record<string, unknown>[] {
  switch (cmdlet.toLowerCase()) {
    case 'get-adminauditlogconfig':
      return [
        {
          Identity: 'Admin Audit Log Settings',
          Name: 'Admin Audit Log Settings',
          AdminAuditLogEnabled: t.adminAuditLogEnabled,
          AdminAuditLogCmdlets: ['*'],
          AdminAuditLogParameters: ['*'],
          AdminAuditLogAgeLimit: '90.00:00:00',
          UnifiedAuditLogIngestionEnabled: t.unifiedAuditLogIngestionEnabled,
          UnifiedAuditLogFirstOptInDate: '2017-03-01T09:00:00Z',
        },
      ];
    case 'get-organizationconfig':
      return [
        {
          Identity: t.initialDomain,
          Name: t.initialDomain,
          DisplayName: t.displayName,
          AuditDisabled: t.auditDisabled,
          IsDehydrated: false,
        },
      ];
    case 'get-mailbox': {
      if (parameters.Identity === undefined)
        return [...t.mailboxes.values()].map((mb) => mailboxObject(t, mb));
      return [mailboxObject(t, lookup(t, identityOf(parameters, cmdlet)))];
    }
    case 'get-mailboxauditbypassassociation': {
      const mb = lookup(t, identityOf(parameters, cmdlet));
      const alias = mb.upn.slice(0, mb.upn.indexOf('@'));
      return [{ Identity: alias, Name: alias, AuditBypassEnabled: mb.auditBypass, ObjectCategory: 'User' }];
    }
    default:
      throw new CmdletError(
        /^get-/i.test(cmdlet) ? 400 : 403,
        'BadRequest',
        /^get-/i.test(cmdlet)
          ? `|System.Management.Automation.CommandNotFoundException|The term '${cmdlet}' is not recognized as a cmdlet this emulator serves (Get-AdminAuditLogConfig, Get-OrganizationConfig, Get-Mailbox, Get-MailboxAuditBypassAssociation).`
          : `|Microsoft.Exchange.Management.Tasks.AccessDeniedException|The emulator is read-only; '${cmdlet}' is refused.`,
      );
  }
}
