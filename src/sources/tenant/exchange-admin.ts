/**
 * The Exchange Online admin REST endpoint the ExchangeOnlineManagement V3 module uses behind its
 * cmdlets: `POST {base}/adminapi/beta/{tenant}/InvokeCommand` with the body
 * `{"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":{"Identity":"…"}}}`, a bearer token for
 * the resource `https://outlook.office365.com`, and an `X-AnchorMailbox` routing header. It answers
 * `{"value":[{…object…}]}` or `{"error":{"code","message"}}`. Semi-documented: every parser here
 * tolerates the spellings seen in the wild (booleans as `true` or `"True"`, multi-valued properties
 * as arrays or comma-separated strings) and reports what it cannot read as `null`, never a guess.
 *
 * Only read cmdlets (`Get-…`) are ever sent by mailtrail.
 *
 * @module
 */
import type { MailboxAuditConfig } from './mailbox-audit.js';

/** The resource (token audience) of the Exchange admin API. */
export const EXCHANGE_RESOURCE = 'https://outlook.office365.com';
/** The application permission an app-only token needs (plus an Exchange RBAC role). */
export const EXCHANGE_APP_PERMISSION = 'Exchange.ManageAsApp';
/** The delegated scope of the Exchange Online PowerShell client. */
export const EXCHANGE_DELEGATED_SCOPE = 'Exchange.Manage';

/** The system mailbox that anchors tenant-level cmdlets (as the V3 module routes them). */
export function systemAnchor(tenant: string): string {
  return `UPN:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenant}`;
}

export interface InvokeCommandRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Builds the request for one cmdlet. `anchor` routes mailbox cmdlets to the mailbox's server. */
export function invokeCommandRequest(
  baseUrl: string,
  tenant: string,
  cmdlet: string,
  parameters: Readonly<Record<string, unknown>>,
  anchor?: string,
): InvokeCommandRequest {
  if (!/^Get-[A-Za-z]+$/.test(cmdlet)) throw new Error(`refusing to send a non-read cmdlet: ${cmdlet}`);
  return {
    url: `${baseUrl.replace(/\/+$/, '')}/adminapi/beta/${encodeURIComponent(tenant)}/InvokeCommand`,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'X-AnchorMailbox': anchor ?? systemAnchor(tenant),
      'X-CmdletName': cmdlet,
      'X-ClientApplication': 'ExoManagementModule',
      'X-ResponseFormat': 'json',
      'X-SerializationLevel': 'Partial',
      Prefer: 'odata.maxpagesize=1000',
    },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  };
}

/** A parsed InvokeCommand answer. */
export type InvokeCommandResult =
  | { readonly ok: true; readonly value: readonly Record<string, unknown>[] }
  | { readonly ok: false; readonly code: string | null; readonly message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads an InvokeCommand response body (any status). */
export function parseInvokeCommandResponse(status: number, body: Buffer | string): InvokeCommandResult {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const preview = text.slice(0, 160).replace(/\s+/g, ' ').trim();
    return { ok: false, code: null, message: `HTTP ${status}, not JSON${preview ? `: ${preview}` : ''}` };
  }
  if (status >= 200 && status < 300 && isObject(json) && Array.isArray(json.value)) {
    return { ok: true, value: json.value.filter(isObject) };
  }
  const err = isObject(json) && isObject(json.error) ? json.error : null;
  const message = err && typeof err.message === 'string' ? err.message : `HTTP ${status}`;
  // Exchange wraps the .NET exception type in bars: "|Microsoft.Exchange…Exception|text".
  const cleaned = message.replace(/^\|[^|]*\|/, '').trim();
  return { ok: false, code: err && typeof err.code === 'string' ? err.code : null, message: cleaned };
}

/** True when an error says the object (mailbox) does not exist. */
export function isNotFound(result: InvokeCommandResult, status: number): boolean {
  return (
    !result.ok &&
    (status === 404 || /ManagementObjectNotFound|couldn't be found|could not be found/i.test(result.message))
  );
}

/** A boolean property: `true`/`false` or `"True"`/`"False"`; anything else is null. */
export function boolProp(o: Record<string, unknown> | undefined, name: string): boolean | null {
  const v = o?.[name];
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return null;
}

/** A multi-valued property as a list of strings (array, or a comma/space separated string). */
export function listProp(o: Record<string, unknown> | undefined, name: string): string[] | null {
  const v = o?.[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
  if (typeof v === 'string') return v.split(/[,\s]+/).filter(Boolean);
  if (v === null) return [];
  return null;
}

/** `Get-AdminAuditLogConfig`: is the Unified Audit Log ingesting, is admin auditing on. */
export function adminAuditLogConfigFrom(value: readonly Record<string, unknown>[]): {
  readonly unifiedAuditLogIngestionEnabled: boolean | null;
  readonly adminAuditLogEnabled: boolean | null;
} {
  return {
    unifiedAuditLogIngestionEnabled: boolProp(value[0], 'UnifiedAuditLogIngestionEnabled'),
    adminAuditLogEnabled: boolProp(value[0], 'AdminAuditLogEnabled'),
  };
}

/** `Get-OrganizationConfig`: is mailbox auditing turned off for the whole organization. */
export function organizationAuditDisabledFrom(value: readonly Record<string, unknown>[]): boolean | null {
  return boolProp(value[0], 'AuditDisabled');
}

/** `Get-Mailbox -Identity upn`: its audit fields; null when the answer has no mailbox. */
export function mailboxAuditFrom(
  upn: string,
  value: readonly Record<string, unknown>[],
): MailboxAuditConfig | null {
  const mb = value[0];
  if (!mb) return null;
  return {
    upn,
    auditEnabled: boolProp(mb, 'AuditEnabled'),
    auditOwner: listProp(mb, 'AuditOwner') ?? [],
    auditDelegate: listProp(mb, 'AuditDelegate') ?? [],
    auditAdmin: listProp(mb, 'AuditAdmin') ?? [],
    defaultAuditSet: listProp(mb, 'DefaultAuditSet') ?? [],
  };
}

/** `Get-MailboxAuditBypassAssociation -Identity upn`: is the account exempt from auditing. */
export function auditBypassFrom(value: readonly Record<string, unknown>[]): boolean | null {
  return boolProp(value[0], 'AuditBypassEnabled');
}
