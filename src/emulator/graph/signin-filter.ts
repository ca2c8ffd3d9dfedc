/**
 * `$filter` of `GET /auditLogs/signIns`, the subset retrievers use: comparisons of
 * `createdDateTime` (ge, gt, le, lt, eq) with a DateTimeOffset, `userPrincipalName eq '…'` and,
 * on beta, `signInEventTypes/any(t: t eq '…' or …)` (signin-event-types.ts), joined by `and`,
 * optionally in parentheses. Anything else — another property, a top-level `or`, `not`,
 * functions such as startsWith — is a Graph 400 naming what is not supported ([U]: Graph itself
 * supports more properties; the emulator refuses them rather than ignoring them). On v1.0,
 * whose signIn has no `signInEventTypes`, the lambda is a 400 too.
 *
 * @module
 */
import { tokenize, type Token } from '../odata/filter-lexer.js';
import { ODataError } from '../odata/odata-error.js';
import { badRequest } from './graph-http.js';
import { parseAuditTime } from './audit-record.js';
import { parseEventTypesLambda, type EventTypeTest, type TokenCursor } from './signin-event-types.js';

export interface SignInFilter {
  /** Inclusive/exclusive bounds on createdDateTime (epoch ms). */
  readonly after: { readonly ms: number; readonly strict: boolean } | null;
  readonly before: { readonly ms: number; readonly strict: boolean } | null;
  /** Lower-cased UPNs that must all equal the sign-in's (more than one distinct = no match). */
  readonly upns: readonly string[];
  /** `signInEventTypes/any(…)` clauses, all of which must hold; none: interactive sign-ins only. */
  readonly eventTypes: readonly EventTypeTest[];
}

const MAX_DEPTH = 16;

const unsupported = (what: string) =>
  badRequest(
    `Invalid filter clause: ${what}. The emulator supports createdDateTime ge|gt|le|lt|eq <DateTimeOffset>, userPrincipalName eq '<upn>' and (beta) signInEventTypes/any(t: t eq '<type>'), joined by 'and'.`,
  );

/** Parses a decoded `$filter`; null for none. */
export function parseSignInFilter(text: string | null, version: 'v1.0' | 'beta'): SignInFilter | null {
  if (text === null || text.trim() === '') return null;
  let tokens: Token[];
  try {
    tokens = tokenize(text, { lambda: true });
  } catch (err) {
    if (err instanceof ODataError) throw badRequest(err.message);
    throw err;
  }
  const p = new FilterParser(tokens, version);
  p.conjunction(0);
  const rest = p.peek();
  if (rest.kind === 'rparen') throw unsupported(`a ')' without a matching '(' at position ${rest.pos}`);
  return p.result();
}

// --- Internal helpers ---

class FilterParser implements TokenCursor {
  private i = 0;
  private after: SignInFilter['after'] = null;
  private before: SignInFilter['before'] = null;
  private readonly upns: string[] = [];
  private readonly eventTypes: EventTypeTest[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly version: 'v1.0' | 'beta',
  ) {}

  peek(): Token {
    return this.tokens[this.i] as Token;
  }

  take(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  result(): SignInFilter {
    return { after: this.after, before: this.before, upns: this.upns, eventTypes: this.eventTypes };
  }

  /** clause ('and' clause)*, up to the end or a closing parenthesis. */
  conjunction(depth: number): void {
    for (;;) {
      this.clause(depth);
      const joiner = this.peek();
      if (joiner.kind === 'end' || joiner.kind === 'rparen') return;
      if (joiner.kind !== 'word' || joiner.text !== 'and')
        throw unsupported(`'${joiner.text}' at position ${joiner.pos} (only 'and' joins clauses)`);
      this.take();
    }
  }

  private clause(depth: number): void {
    const prop = this.take();
    if (prop.kind === 'lparen') {
      if (depth >= MAX_DEPTH) throw unsupported(`parentheses nested too deeply at position ${prop.pos}`);
      this.conjunction(depth + 1);
      const close = this.take();
      if (close.kind !== 'rparen') throw unsupported(`a '(' at position ${prop.pos} is not closed`);
      return;
    }
    if (prop.kind !== 'word') throw unsupported(`expected a property at position ${prop.pos}`);
    const name = prop.text.toLowerCase();
    if (this.peek().kind === 'slash') {
      if (name !== 'signineventtypes')
        throw unsupported(`the property '${prop.text}' cannot be filtered on with a lambda`);
      if (this.version === 'v1.0')
        throw badRequest(
          "Could not find a property named 'signInEventTypes' on type 'microsoft.graph.signIn'. The v1.0 endpoint returns interactive sign-ins only; use beta to filter on signInEventTypes.",
        );
      this.eventTypes.push(parseEventTypesLambda(this));
      return;
    }
    const op = this.take();
    const value = this.take();
    if (op.kind !== 'word' || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op.text))
      throw unsupported(`'${prop.text}' must be followed by a comparison operator (position ${op.pos})`);
    if (name === 'createddatetime') this.timeBound(op.text, value);
    else if (name === 'userprincipalname') {
      if (op.text !== 'eq') throw unsupported(`'${op.text}' on userPrincipalName (only eq)`);
      if (value.kind !== 'string')
        throw badRequest(
          `Invalid filter clause: userPrincipalName eq needs a quoted string, e.g. userPrincipalName eq 'user@contoso.com' (position ${value.pos}).`,
        );
      this.upns.push(value.text.toLowerCase());
    } else if (name === 'signineventtypes') {
      throw unsupported(`signInEventTypes is a collection: use signInEventTypes/any(t: t eq '<type>')`);
    } else {
      throw unsupported(`the property '${prop.text}' cannot be filtered on`);
    }
  }

  private timeBound(op: string, value: Token): void {
    const raw = value.kind === 'bare' || value.kind === 'string' || value.kind === 'typed' ? value.text : '';
    const ms = /(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? parseAuditTime(raw) : Number.NaN;
    if (Number.isNaN(ms))
      throw badRequest(
        `Invalid filter clause: '${raw || value.text}' at position ${value.pos} is not a DateTimeOffset such as 2026-08-01T00:00:00Z.`,
      );
    if (op === 'ne') throw unsupported("'ne' on createdDateTime");
    if (op === 'ge' || op === 'gt' || op === 'eq') {
      const b = { ms, strict: op === 'gt' };
      const a = this.after;
      if (!a || b.ms > a.ms || (b.ms === a.ms && b.strict)) this.after = b;
    }
    if (op === 'le' || op === 'lt' || op === 'eq') {
      const b = { ms, strict: op === 'lt' };
      const c = this.before;
      if (!c || b.ms < c.ms || (b.ms === c.ms && b.strict)) this.before = b;
    }
  }
}
