/**
 * The investigation as two passes of pure reducers over the same events, so it runs on any
 * re-readable event stream (the case store, or evidence files read twice) without holding the
 * events: pass 1 builds the indexes (messages, sessions, mailbox periods, distinct IPs); the
 * caller may then enrich the IPs (GeoIP is file I/O, done by the case layer); pass 2 computes
 * every table and the findings; the result adds suspects and the exposure.
 *
 * @module
 */
import type { Instant } from '../model/time.js';
import { createActionCollector, type ActionRow, type AttachmentRow } from './actions/actions.js';
import { createFindingEngine, type FindingsResult } from './findings/engine.js';
import { RULES } from './findings/rules/index.js';
import { FINDING_DEFAULTS, type FindingOptions, type Rule } from './findings/types.js';
import type { GeoLookup } from './logons/geo.js';
import { createLogonCollector, type LogonRow } from './logons/logons.js';
import { createMessageIndex, type MessageIndex } from './messages/message-index.js';
import { createReadCollector, type ReadRow } from './reads/reads.js';
import { createSignInCollector, type SignInRow } from './logons/sign-ins.js';
import { createCoverageCollector } from './scoping/coverage.js';
import { scopeExposure, type Exposure } from './scoping/exposure.js';
import { createSearchReconstructor, type SearchOptions, type SearchRow } from './searches/searches.js';
import {
  createSessionTracker,
  type SessionIndex,
  type SessionOptions,
  type SessionSummary,
} from './sessions/sessions.js';
import type { AnalysisEvent } from './types.js';

export interface InvestigationOptions {
  readonly sessions?: SessionOptions;
  readonly searches?: SearchOptions;
  readonly findings?: Partial<FindingOptions>;
  /** Rules to run (default: all of RULES). */
  readonly rules?: readonly Rule[];
  /** Explicit suspects; when both are empty, the findings' suspect sessions are used. */
  readonly suspectIps?: readonly string[];
  readonly suspectSessions?: readonly string[];
}

export interface MailboxPeriod {
  readonly mailbox: string;
  readonly first: Instant;
  readonly last: Instant;
  readonly events: number;
}

export interface InvestigationIndex {
  readonly messages: MessageIndex;
  readonly sessions: SessionIndex;
  readonly mailboxes: readonly MailboxPeriod[];
  /** Distinct IPs of logons and other events, for enrichment. */
  readonly ips: readonly string[];
  readonly events: number;
}

export interface SessionRow extends SessionSummary {
  readonly suspect: boolean;
  readonly suspectReasons: readonly string[];
}

export interface Investigation {
  readonly index: InvestigationIndex;
  readonly logons: readonly LogonRow[];
  /** Sign-ins (Entra, UAL) with a session id, joined to the mailbox session they created. */
  readonly signIns: readonly SignInRow[];
  readonly sessions: readonly SessionRow[];
  readonly searches: readonly SearchRow[];
  readonly reads: readonly ReadRow[];
  readonly attachments: readonly AttachmentRow[];
  readonly actions: readonly ActionRow[];
  readonly findings: FindingsResult;
  readonly exposure: Exposure | null;
  readonly options: {
    readonly findings: FindingOptions;
    readonly sessions: { readonly activeGapMs: number; readonly precedingWindowMs: number };
    readonly searches: Required<SearchOptions>;
  };
}

export interface Pass<T> {
  add(e: AnalysisEvent): void;
  result(): T;
}

/** Pass 1: indexes. */
export function createIndexPass(options: InvestigationOptions = {}): Pass<InvestigationIndex> {
  const messages = createMessageIndex();
  const sessions = createSessionTracker(options.sessions);
  const periods = new Map<string, { first: Instant; last: Instant; events: number }>();
  const ips = new Set<string>();
  let events = 0;
  return {
    add(e) {
      events++;
      messages.add(e);
      sessions.add(e);
      if (e.ip !== null) ips.add(e.ip);
      const p = periods.get(e.mailbox);
      if (!p) periods.set(e.mailbox, { first: e.time, last: e.time, events: 1 });
      else {
        p.events++;
        if (e.time < p.first) p.first = e.time;
        if (e.time > p.last) p.last = e.time;
      }
    },
    result: () => ({
      messages: messages.index(),
      sessions: sessions.result(),
      mailboxes: [...periods]
        .map(([mailbox, p]) => ({ mailbox, ...p }))
        .sort((a, b) => (a.mailbox < b.mailbox ? -1 : 1)),
      ips: [...ips].sort(),
      events,
    }),
  };
}

/** Pass 2: tables, findings, suspects and exposure. */
export function createAnalysisPass(
  index: InvestigationIndex,
  geo: GeoLookup | undefined,
  options: InvestigationOptions = {},
): Pass<Investigation> {
  const findingOptions: FindingOptions = { ...FINDING_DEFAULTS, ...options.findings };
  const logons = createLogonCollector(geo);
  const signIns = createSignInCollector(index.sessions, geo);
  const coverage = createCoverageCollector(index.sessions);
  const searches = createSearchReconstructor(index.sessions, options.searches);
  const reads = createReadCollector(index.messages, index.sessions);
  const actions = createActionCollector(index.messages, index.sessions);
  const engine = createFindingEngine(options.rules ?? RULES, {
    sessions: index.sessions,
    messages: index.messages,
    geo,
    options: findingOptions,
    mailboxStart: new Map(index.mailboxes.map((m) => [m.mailbox, m.first])),
  });
  return {
    add(e) {
      logons.add(e);
      signIns.add(e);
      coverage.add(e);
      searches.add(e);
      reads.add(e);
      actions.add(e);
      engine.add(e);
    },
    result() {
      const findings = engine.result();
      const reasons = new Map(findings.suspects.map((s) => [s.sessionId, s.reasons]));
      const sessionRows: SessionRow[] = index.sessions.sessions.map((s) => ({
        ...s,
        suspect: reasons.has(s.sessionId),
        suspectReasons: reasons.get(s.sessionId) ?? [],
      }));
      const tables = {
        searches: searches.result(),
        reads: reads.result(),
        ...actions.result(),
      };
      const explicit = (options.suspectIps?.length ?? 0) + (options.suspectSessions?.length ?? 0) > 0;
      const exposure =
        explicit || findings.suspects.length > 0
          ? scopeExposure(
              explicit
                ? {
                    suspectIps: options.suspectIps ?? [],
                    suspectSessions: options.suspectSessions ?? [],
                    basis: 'explicit',
                  }
                : {
                    suspectIps: [],
                    suspectSessions: findings.suspects.map((s) => s.sessionId),
                    basis: 'findings',
                  },
              index.sessions,
              tables,
              coverage.result(),
            )
          : null;
      return {
        index,
        logons: logons.result(),
        signIns: signIns.result(),
        sessions: sessionRows,
        ...tables,
        findings,
        exposure,
        options: {
          findings: findingOptions,
          sessions: {
            activeGapMs: options.sessions?.activeGapMs ?? 30 * 60_000,
            precedingWindowMs: options.sessions?.precedingWindowMs ?? 8 * 3_600_000,
          },
          searches: {
            keystrokeGapMs: options.searches?.keystrokeGapMs ?? 60_000,
            submitGapMs: options.searches?.submitGapMs ?? 300_000,
          },
        },
      };
    },
  };
}

/** Both passes over an in-memory list (tests, small inputs). */
export function investigate(
  events: readonly AnalysisEvent[],
  options: InvestigationOptions = {},
  geo?: GeoLookup,
): Investigation {
  const p1 = createIndexPass(options);
  for (const e of events) p1.add(e);
  const p2 = createAnalysisPass(p1.result(), geo, options);
  for (const e of events) p2.add(e);
  return p2.result();
}
