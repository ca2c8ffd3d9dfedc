/**
 * Searches: `SearchSuggestionsDisplay` keystrokes collapsed into the query that was typed, joined
 * to the query that was submitted (`SearchResult`).
 *
 * Keystroke chains: within one session, a keystroke continues the open chain when it comes at
 * most `keystrokeGapMs` after the previous one and its text shares a first character with the
 * chain's current text (so typing, backspacing and editing — `invoic`, `invoice`, `invoide` —
 * stay one search), or the chain's text is empty. Anything else starts a new chain. The chain's
 * typed text is its last keystroke's text.
 *
 * Submission: a submitted query joins the most recent open chain of the same session that ended
 * at most `submitGapMs` before it and whose typed text equals the query or is extended by it (or
 * extends it: suggestions can lag a fast typist); the chain then closes. A submitted query with
 * no such chain is a search of its own (pasted text, a suggestion clicked, another source).
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import { toEpochMs, type Instant } from '../../model/time.js';
import type { Attribution, SessionIndex } from '../sessions/sessions.js';
import { MINUTE_MS, sessionKeyOf, type AnalysisEvent } from '../types.js';

export interface SearchRow {
  readonly mailbox: string;
  /** The submitted query, else the typed text. */
  readonly query: string;
  /** Text of the last keystroke, when keystrokes were logged. */
  readonly typed: string | null;
  readonly firstKeystroke: Instant | null;
  readonly lastKeystroke: Instant | null;
  readonly keystrokes: number;
  readonly submitted: { readonly time: Instant; readonly query: string } | null;
  readonly sessionId: string | null;
  readonly ip: string | null;
  readonly app: string | null;
  readonly attribution: Attribution['basis'];
  readonly evidence: readonly EventId[];
}

export interface SearchOptions {
  /** Longest pause between keystrokes of one search. Default 60 s. */
  readonly keystrokeGapMs?: number;
  /** Longest pause between the last keystroke and the submission. Default 5 min. */
  readonly submitGapMs?: number;
}

export const SEARCH_DEFAULTS = { keystrokeGapMs: MINUTE_MS, submitGapMs: 5 * MINUTE_MS } as const;

export interface SearchReconstructor {
  add(e: AnalysisEvent): void;
  /** Searches in order of their first event. */
  result(): SearchRow[];
}

export function createSearchReconstructor(
  sessions: SessionIndex,
  options: SearchOptions = {},
): SearchReconstructor {
  const keyGap = options.keystrokeGapMs ?? SEARCH_DEFAULTS.keystrokeGapMs;
  const submitGap = options.submitGapMs ?? SEARCH_DEFAULTS.submitGapMs;
  const open = new Map<string, Chain>();
  const done: Chain[] = [];
  let seq = 0;

  const close = (key: string) => {
    const c = open.get(key);
    if (c) {
      done.push(c);
      open.delete(key);
    }
  };

  return {
    add(e) {
      if (e.kind !== 'search.keystroke' && e.kind !== 'search.query') return;
      const key = `${e.mailbox}\u0000${sessionKeyOf(e) ?? `event:${e.id}`}`;
      const t = toEpochMs(e.time);
      const text = e.text ?? '';
      const current = open.get(key);
      if (e.kind === 'search.keystroke') {
        if (
          current &&
          !current.submitted &&
          t - current.lastMs <= keyGap &&
          continues(current.typed ?? '', text)
        ) {
          current.typed = text;
          current.lastMs = t;
          current.last = e.time;
          current.keystrokes++;
          current.evidence.push(e.id);
          return;
        }
        close(key);
        open.set(key, new Chain(seq++, e, t, text));
        return;
      }
      // A submitted query.
      if (
        current &&
        !current.submitted &&
        t >= current.lastMs &&
        t - current.lastMs <= submitGap &&
        related(current.typed ?? '', text)
      ) {
        current.submitted = { time: e.time, query: text };
        current.evidence.push(e.id);
        close(key);
        return;
      }
      const c = new Chain(seq++, e, t, null);
      c.submitted = { time: e.time, query: text };
      done.push(c);
    },
    result() {
      for (const key of [...open.keys()]) close(key);
      done.sort((a, b) => a.firstMs - b.firstMs || a.seq - b.seq);
      return done.map((c) => {
        const a = sessions.attributionOf(c.first);
        return {
          mailbox: c.first.mailbox,
          query: c.submitted?.query ?? c.typed ?? '',
          typed: c.typed,
          firstKeystroke: c.keystrokes > 0 ? c.firstTime : null,
          lastKeystroke: c.keystrokes > 0 ? c.last : null,
          keystrokes: c.keystrokes,
          submitted: c.submitted,
          sessionId: sessionKeyOf(c.first),
          ip: a.ip,
          app: c.first.app,
          attribution: a.basis,
          evidence: c.evidence,
        };
      });
    },
  };
}

/** True when `next` continues a search whose text so far is `prev` (typing, backspace, edit). */
export function continues(prev: string, next: string): boolean {
  if (prev === '' || next === '') return true;
  return prev[0]!.toLowerCase() === next[0]!.toLowerCase();
}

/** True when the submitted `query` belongs to the typed text (same, extended, or ahead of lagging suggestions). */
function related(typed: string, query: string): boolean {
  const a = typed.trim().toLowerCase();
  const b = query.trim().toLowerCase();
  return a === '' || b.startsWith(a) || a.startsWith(b);
}

// --- Internal helpers ---

class Chain {
  readonly first: AnalysisEvent;
  readonly firstMs: number;
  readonly firstTime: Instant;
  lastMs: number;
  last: Instant;
  typed: string | null;
  keystrokes: number;
  submitted: { time: Instant; query: string } | null = null;
  readonly evidence: EventId[];

  constructor(
    readonly seq: number,
    e: AnalysisEvent,
    t: number,
    typed: string | null,
  ) {
    this.first = e;
    this.firstMs = t;
    this.firstTime = e.time;
    this.lastMs = t;
    this.last = e.time;
    this.typed = typed;
    this.keystrokes = typed === null ? 0 : 1;
    this.evidence = [e.id];
  }
}
