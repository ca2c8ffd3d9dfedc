/**
 * The vocabulary of a pre-flight check: the probes sent (one harmless read per API and mailbox),
 * the facts read from their answers, each either known (with the probe it rests on) or unknown
 * (with the reason and the permission that would tell), and the question → evidence rows built
 * from them.
 *
 * @module
 */
import type { TenantSignInLicence, UserAuditLicence } from './licences.js';
import type { MailboxAuditConfig } from './mailbox-audit.js';
import type { AccessTokenClaims } from './token-claims.js';

/** How a probe ended. */
export type ProbeOutcome =
  /** 2xx with a readable answer. */
  | 'answered'
  /** 401: the credentials were refused (expired, wrong audience, wrong tenant). */
  | 'unauthenticated'
  /** 403: authenticated, but lacking a permission or role. */
  | 'denied'
  /** 404 for the object asked about (a mailbox or user that does not exist). */
  | 'not-found'
  /** The service says the feature is not available to this tenant (e.g. no Entra ID P1). */
  | 'unavailable'
  /** No HTTP answer: connection failed or timed out, or the endpoint is not served. */
  | 'unreachable'
  /** Any other failure (5xx, 429 after retries, an unreadable body). */
  | 'failed';

/** One request sent by the pre-flight check and how it ended. No credential is recorded. */
export interface ProbeRecord {
  /** Stable id, e.g. `graph.organization`, `exchange.Get-Mailbox:a@contoso.com`. */
  readonly id: string;
  readonly api: 'graph' | 'exchange';
  /** Human form, e.g. `GET /v1.0/subscribedSkus` or `Get-Mailbox -Identity a@contoso.com`. */
  readonly what: string;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly outcome: ProbeOutcome;
  /** The service's error code and message, or the transport error; empty when answered. */
  readonly detail: string;
  /** Permissions any one of which lets this call answer (for "which permission would tell"). */
  readonly permissions: readonly string[];
  readonly durationMs: number;
  /** Case-relative path of the kept raw response (set when a case keeps the evidence). */
  readonly evidence?: string;
  /** SHA-256 of the raw response body. */
  readonly sha256?: string;
}

/** A fact read from a probe's answer, or why it could not be read. */
export type Fact<T> =
  | { readonly known: true; readonly value: T; readonly probe: string }
  | { readonly known: false; readonly why: string; readonly probe: string | null };

/** What is known about one credential (one per API). */
export interface CredentialFacts {
  readonly api: 'graph' | 'exchange';
  /** The provider's secret-free description, e.g. `bearer token (from --token)`. */
  readonly description: string;
  /** Claims of the token, or null when it is not a readable JWT. */
  readonly claims: AccessTokenClaims | null;
}

/** Per mailbox. */
export interface MailboxFacts {
  readonly upn: string;
  /** `Get-Mailbox`; `null` value = no such mailbox. */
  readonly mailbox: Fact<MailboxAuditConfig | null>;
  /** `Get-MailboxAuditBypassAssociation`. */
  readonly bypass: Fact<boolean>;
  /** Graph `licenseDetails`; `null` value = no such user. */
  readonly licence: Fact<UserAuditLicence | null>;
}

/** Everything the check learned, as input to {@link buildPreflightRows}. */
export interface TenantFacts {
  /** When the check ran (ISO 8601 UTC): retention is measured from here. */
  readonly now: string;
  /** The incident start given with `--start`, or null. */
  readonly start: string | null;
  /** Tenant id or domain used for the Exchange admin API, and where it came from. */
  readonly tenant: { readonly id: string | null; readonly source: string };
  readonly credentials: readonly CredentialFacts[];
  readonly ualIngestion: Fact<boolean>;
  readonly adminAuditLog: Fact<boolean>;
  readonly orgAuditDisabled: Fact<boolean>;
  readonly signInLicence: Fact<TenantSignInLicence>;
  /** Graph `GET /auditLogs/signIns?$top=1` answered (true) or said the tenant has no premium (false). */
  readonly signInsReadable: Fact<boolean>;
  /** Graph `GET /security/auditLog/queries?$top=1` answered. */
  readonly auditQueriesReadable: Fact<boolean>;
  readonly mailboxes: readonly MailboxFacts[];
  readonly probes: readonly ProbeRecord[];
}

/** Is the evidence a question asks about there? */
export type Availability = 'yes' | 'partial' | 'no' | 'unknown';

/** One row of the question → evidence table. */
export interface PreflightRow {
  /** Stable machine id, e.g. `ual.ingestion`, `mailbox.operation.MailItemsAccessed`. */
  readonly id: string;
  /** `tenant`, or the mailbox UPN the row is about. */
  readonly scope: string;
  readonly question: string;
  /** The API and field the answer rests on. */
  readonly evidence: string;
  readonly available: Availability;
  /** The short answer. */
  readonly answer: string;
  /** Why: what the evidence said, or (for `unknown`) why it could not be read and what would tell. */
  readonly why: string;
  /** Ids of the probes the row rests on. */
  readonly probes: readonly string[];
}
