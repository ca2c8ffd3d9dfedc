/**
 * Detection rules as data: each rule is one file under `rules/` that states its id, title, level,
 * status and description next to a small pure evaluator. The engine runs every rule over the
 * same event stream; every finding cites the events it rests on, and every rule reports a
 * summary even when it found nothing ("rule X ran over N events: 0 hits").
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { Instant } from '../../model/time.js';
import type { GeoLookup } from '../logons/geo.js';
import type { MessageIndex } from '../messages/message-index.js';
import type { SessionIndex } from '../sessions/sessions.js';
import type { AnalysisEvent } from '../types.js';

export const LEVELS = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Level = (typeof LEVELS)[number];
export const STATUSES = ['stable', 'experimental'] as const;
export type Status = (typeof STATUSES)[number];

export interface RuleMeta {
  /** Kebab-case, equal to the rule's file name. */
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly status: Status;
  /** What the rule looks for and why it matters, in full sentences. */
  readonly description: string;
}

export interface FindingOptions {
  /** Days from a mailbox's first event that form its logon baseline. Default 14. */
  readonly baselineDays: number;
  /** Search terms that suggest payment fraud or credential theft (matched at word starts, any case). */
  readonly sensitiveTerms: readonly string[];
  /** Reads/forwards up to this long after a sensitive search count as following it. Default 30 min. */
  readonly afterSearchMinutes: number;
  /** A burst is at least `burstReads` reads within `burstMinutes` in one session. Defaults 20 and 5. */
  readonly burstReads: number;
  readonly burstMinutes: number;
  /** A MessageSent belongs to the forward/reply of the same session up to this long before it. Default 10 min. */
  readonly sendAfterActionMinutes: number;
  /** One session seen from different IPs/networks within this many minutes (AiTM). Default 10. */
  readonly sessionIpMinutes: number;
  /** Travel between two sign-ins faster than this is impossible (an airliner: ~1000 km/h). */
  readonly travelKmh: number;
  /** Bulk deletion: at least `bulkDeletes` deletes within `bulkDeleteMinutes` in one session. Defaults 20 and 10. */
  readonly bulkDeletes: number;
  readonly bulkDeleteMinutes: number;
}

export const FINDING_DEFAULTS: FindingOptions = {
  baselineDays: 14,
  sensitiveTerms: [
    'invoice',
    'payment',
    'wire',
    'bank',
    'remittance',
    'w-9',
    'w9',
    'iban',
    'swift',
    'routing',
    'account number',
    'transfer',
    'payroll',
    'password',
    'credential',
    'login',
    'mfa',
  ],
  afterSearchMinutes: 30,
  burstReads: 20,
  burstMinutes: 5,
  sendAfterActionMinutes: 10,
  sessionIpMinutes: 10,
  travelKmh: 1000,
  bulkDeletes: 20,
  bulkDeleteMinutes: 10,
};

export interface RuleContext {
  readonly sessions: SessionIndex;
  readonly messages: MessageIndex;
  readonly geo: GeoLookup | undefined;
  readonly options: FindingOptions;
  /** First event of each mailbox (lower-cased UPN), for baselines. */
  readonly mailboxStart: ReadonlyMap<string, Instant>;
}

/** A finding as a rule reports it; the engine adds the rule's metadata. */
export interface FindingDraft {
  readonly mailbox: string;
  /** The session the finding is about (null when it is about no session). */
  readonly sessionId: string | null;
  /** Other sessions involved (e.g. the session that deleted what this one sent). */
  readonly relatedSessions?: readonly string[];
  readonly time: Instant;
  /** One line saying what was found, with the values that matter. */
  readonly summary: string;
  readonly evidence: readonly EventId[];
}

export interface Finding extends FindingDraft {
  readonly rule: string;
  readonly level: Level;
  readonly status: Status;
  readonly title: string;
}

export interface RuleEvaluator {
  add(e: AnalysisEvent): void;
  finish(): FindingDraft[];
}

export interface Rule extends RuleMeta {
  evaluate(ctx: RuleContext): RuleEvaluator;
}

/** Identity helper that types a rule definition. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface RuleSummary {
  readonly rule: string;
  readonly title: string;
  readonly level: Level;
  readonly status: Status;
  readonly events: number;
  readonly hits: number;
  /** "rule X ran over N events: M hits" */
  readonly text: string;
}
