/**
 * Ground truth of the BEC scenario: what the intruder did, stated independently of the activity
 * records, so tests and the demo can check an analysis against it. The API never serves it.
 *
 * @module
 */

export interface ScenarioTruth {
  readonly scenario: 'bec';
  readonly seed: number;
  readonly scale: number;
  /** The compromised mailbox, and every mailbox of the data set (victim first). */
  readonly victim: string;
  readonly mailboxes: readonly string[];
  readonly period: { readonly start: string; readonly end: string };
  readonly phishing: {
    readonly internetMessageId: string;
    readonly subject: string;
    readonly sender: string;
    readonly deliveredAt: string;
    readonly linkClickedAt: string;
  };
  readonly attacker: {
    /** Every IP the intruder used: the OWA one first, then the legacy-protocol one. */
    readonly ips: readonly string[];
    readonly webIp: string;
    readonly legacyIp: string;
    readonly userAgent: string;
    /** ClientSessionIds of the intruder's records (server logon, OWA context, store-side clean-up, IMAP). */
    readonly clientSessionIds: readonly string[];
    /** First and last TimeStamp of the OWA intrusion. */
    readonly window: { readonly start: string; readonly end: string };
    /** Complete search terms, in the order typed. */
    readonly searchTerms: readonly string[];
    readonly readInternetMessageIds: readonly string[];
    readonly attachmentInternetMessageIds: readonly string[];
    readonly forwardedInternetMessageIds: readonly string[];
    readonly forwardedTo: string;
    readonly repliedInternetMessageIds: readonly string[];
    /** The messages the intruder sent (the forward and the reply). */
    readonly sentInternetMessageIds: readonly string[];
    /** Sent messages the intruder deleted to hide them (here: all of them). */
    readonly deletedInternetMessageIds: readonly string[];
    readonly legacyLogons: readonly {
      readonly timeStamp: string;
      readonly ip: string;
      readonly appIdType: string;
    }[];
  };
  /**
   * What the Unified Audit Log and the Entra sign-in log served by the Graph endpoints show of
   * the same intrusion (see {@link AuditTruth}). Absent from truths written before it existed.
   */
  readonly audit?: AuditTruth;
}

/**
 * Ground truth of the audit records (Graph audit log queries) and sign-ins (Graph signIns) of
 * the BEC scenario: which Entra sessions, tokens, sign-ins and records are the intruder's, and
 * the persistence the intruder set up that the 2018 Activities API never logged.
 */
export interface AuditTruth {
  readonly tenantId: string;
  /** Entra `sessionId`s of the intruder: the OWA session first, then one per IMAP logon. */
  readonly attackerSessionIds: readonly string[];
  /** The intruder's Outlook on the web session (sign-in `sessionId` = audit `SessionId`). */
  readonly webSessionId: string;
  /** `uniqueTokenIdentifier`s of the intruder's successful interactive sign-ins (= audit `UniqueTokenId`). */
  readonly attackerUniqueTokenIds: readonly string[];
  /** Ids of the intruder's interactive sign-ins, failed ones included, oldest first. */
  readonly attackerSignInIds: readonly string[];
  readonly failedSignInIds: readonly string[];
  /**
   * Ids of the non-interactive sign-ins (hourly token refreshes) of the intruder's sessions,
   * oldest first: served only to a request that filters on `signInEventTypes`.
   */
  readonly attackerNonInteractiveSignInIds: readonly string[];
  /** The `uniqueTokenIdentifier` of each of those refreshes, in the same order. */
  readonly attackerRefreshedUniqueTokenIds: readonly string[];
  /** `Id` of every audit record of the intruder (including their UserLoggedIn/UserLoginFailed). */
  readonly attackerRecordIds: readonly string[];
  /** First and last audit record of the OWA intrusion (failed sign-in … hard delete). */
  readonly webWindow: { readonly start: string; readonly end: string };
  /** SearchQueryInitiatedExchange query texts, in order. */
  readonly searchQueries: readonly string[];
  /** InternetMessageIds in the intruder's MailItemsAccessed Bind records. */
  readonly boundInternetMessageIds: readonly string[];
  readonly sentInternetMessageIds: readonly string[];
  readonly deletedInternetMessageIds: readonly string[];
  readonly hardDeletedInternetMessageIds: readonly string[];
  readonly inboxRule: {
    readonly name: string;
    readonly forwardTo: string;
    readonly subjectOrBodyContainsWords: string;
    readonly createdAt: string;
  };
  readonly mailboxForwarding: { readonly forwardingSmtpAddress: string; readonly setAt: string };
  readonly consentedApp: {
    readonly displayName: string;
    readonly appId: string;
    readonly scopes: readonly string[];
    readonly consentedAt: string;
  };
}
