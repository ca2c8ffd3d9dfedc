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
}
