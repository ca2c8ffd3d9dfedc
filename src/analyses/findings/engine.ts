/**
 * Runs every rule over one event stream, then marks suspect sessions: a session with a finding
 * of level high or critical, and any session whose IP was inferred from a suspect session.
 *
 * @module
 */
import type { SessionIndex } from '../sessions/sessions.js';
import type { AnalysisEvent } from '../types.js';
import type { Finding, Level, Rule, RuleContext, RuleEvaluator, RuleSummary } from './types.js';

export interface SuspectSession {
  readonly mailbox: string;
  readonly sessionId: string;
  /** Why: the rule ids of its high/critical findings, or `inferred-from:<session>`. */
  readonly reasons: readonly string[];
}

export interface FindingsResult {
  readonly findings: readonly Finding[];
  readonly summaries: readonly RuleSummary[];
  readonly suspects: readonly SuspectSession[];
}

export interface FindingEngine {
  add(e: AnalysisEvent): void;
  result(): FindingsResult;
}

/** Levels that make a session suspect. */
export const SUSPECT_LEVELS: ReadonlySet<Level> = new Set<Level>(['critical', 'high']);

export function createFindingEngine(rules: readonly Rule[], ctx: RuleContext): FindingEngine {
  const evaluators: [Rule, RuleEvaluator][] = rules.map((r) => [r, r.evaluate(ctx)]);
  let events = 0;
  return {
    add(e) {
      events++;
      for (const [, ev] of evaluators) ev.add(e);
    },
    result() {
      const findings: Finding[] = [];
      const summaries: RuleSummary[] = [];
      for (const [rule, ev] of evaluators) {
        const drafts = ev.finish();
        for (const d of drafts)
          findings.push({ ...d, rule: rule.id, level: rule.level, status: rule.status, title: rule.title });
        summaries.push({
          rule: rule.id,
          title: rule.title,
          level: rule.level,
          status: rule.status,
          events,
          hits: drafts.length,
          text: `rule ${rule.id} ran over ${events} events: ${drafts.length} hit${drafts.length === 1 ? '' : 's'}`,
        });
      }
      findings.sort((a, b) =>
        a.time < b.time ? -1 : a.time > b.time ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0,
      );
      return { findings, summaries, suspects: suspectSessions(findings, ctx.sessions) };
    },
  };
}

/** Sessions with high/critical findings, plus those whose attribution was inferred from one. */
export function suspectSessions(findings: readonly Finding[], sessions: SessionIndex): SuspectSession[] {
  const reasons = new Map<string, Set<string>>();
  const mailboxOf = new Map<string, string>();
  const mark = (session: string, mailbox: string, why: string) => {
    let r = reasons.get(session);
    if (!r) reasons.set(session, (r = new Set()));
    r.add(why);
    mailboxOf.set(session, mailbox);
  };
  for (const f of findings) {
    if (!SUSPECT_LEVELS.has(f.level)) continue;
    if (f.sessionId !== null) mark(f.sessionId, f.mailbox, f.rule);
    for (const s of f.relatedSessions ?? []) mark(s, f.mailbox, f.rule);
  }
  for (const s of sessions.sessions) {
    const from = s.attribution.fromSession;
    if (from !== null && reasons.has(from) && s.mailbox === mailboxOf.get(from))
      mark(s.sessionId, s.mailbox, `inferred-from:${from}`);
  }
  return [...reasons].map(([sessionId, r]) => ({
    mailbox: mailboxOf.get(sessionId)!,
    sessionId,
    reasons: [...r],
  }));
}
