/**
 * The `signInEventTypes` of the emulator's sign-ins and the lambda filter on them,
 * `signInEventTypes/any(t: t eq 'nonInteractiveUser')` (Graph beta: the property "supports
 * `$filter` (`eq`, `ne`)"; without such a filter `/auditLogs/signIns` returns interactive
 * sign-ins only). A sign-in's types are kept as a bit mask; the lambda body — comparisons of
 * the range variable with `eq`/`ne` and a type name, joined by `and`/`or`, in parentheses if
 * need be — is evaluated for each of the sign-in's types, and `any` holds when one satisfies it.
 *
 * Unknown type names are a 400 here [U]: the property is a string collection, so Graph may
 * simply match nothing; the emulator refuses a name it would never serve to catch typos.
 *
 * @module
 */
import type { Token } from '../odata/filter-lexer.js';
import { badRequest } from './graph-http.js';

/** The documented values of `signInEventTypes` (beta), in bit order. */
const SIGNIN_EVENT_TYPE_NAMES = [
  'interactiveUser',
  'nonInteractiveUser',
  'servicePrincipal',
  'managedIdentity',
  'unknownFutureValue',
] as const;

const INTERACTIVE_USER = 1;
const NON_INTERACTIVE_USER = 2;
const UNKNOWN_FUTURE_VALUE = 16;
const BY_LOWER = new Map(SIGNIN_EVENT_TYPE_NAMES.map((n, i) => [n.toLowerCase(), 1 << i]));

/** A test of one event type: the body of the `any` lambda. */
export type EventTypeTest =
  | { readonly kind: 'cmp'; readonly op: 'eq' | 'ne'; readonly bit: number }
  | { readonly kind: 'and' | 'or'; readonly left: EventTypeTest; readonly right: EventTypeTest };

/**
 * The event types of a sign-in object: its `signInEventTypes` (known names; an unknown one counts
 * as `unknownFutureValue`), else `nonInteractiveUser` when `isInteractive` is false, else
 * `interactiveUser` — so data files without either property are served as before.
 */
export function eventTypeMask(s: { readonly [key: string]: unknown }): number {
  let mask = 0;
  if (Array.isArray(s.signInEventTypes))
    for (const t of s.signInEventTypes)
      if (typeof t === 'string') mask |= BY_LOWER.get(t.toLowerCase()) ?? UNKNOWN_FUTURE_VALUE;
  if (mask !== 0) return mask;
  return s.isInteractive === false ? NON_INTERACTIVE_USER : INTERACTIVE_USER;
}

/**
 * True when a sign-in of `mask` passes every `any` clause; with no clause, when it is an
 * interactive sign-in (the service's default).
 */
export function matchesEventTypes(mask: number, clauses: readonly EventTypeTest[]): boolean {
  if (clauses.length === 0) return (mask & INTERACTIVE_USER) !== 0;
  return clauses.every((test) => {
    for (let bit = 1; bit <= mask; bit <<= 1) if ((mask & bit) !== 0 && holds(test, bit)) return true;
    return false;
  });
}

/** Reads tokens one at a time (the filter parser's position). */
export interface TokenCursor {
  peek(): Token;
  take(): Token;
}

const MAX_DEPTH = 16;

/**
 * Parses `/any(var: body)` after the property name `signInEventTypes` (the cursor is on the
 * slash). Anything else — `all`, no range variable, another variable, another operator, a value
 * that is not a quoted type name — is a Graph 400 naming it.
 */
export function parseEventTypesLambda(c: TokenCursor): EventTypeTest {
  const slash = c.take();
  const fn = c.take();
  if (slash.kind !== 'slash' || fn.kind !== 'word' || fn.text.toLowerCase() !== 'any')
    throw invalid(`expected /any(…) after signInEventTypes at position ${slash.pos}`);
  expect(c, 'lparen', "'(' after any");
  const variable = c.take();
  if (variable.kind !== 'word')
    throw invalid(
      `any needs a range variable, e.g. any(t: t eq 'nonInteractiveUser') (position ${variable.pos})`,
    );
  expect(c, 'colon', `':' after the range variable '${variable.text}'`);
  const body = orExpr(c, variable.text, 0);
  expect(c, 'rparen', "')' closing any(…), or 'and'/'or'");
  return body;
}

// --- Internal helpers ---

function holds(t: EventTypeTest, bit: number): boolean {
  switch (t.kind) {
    case 'cmp':
      return t.op === 'eq' ? bit === t.bit : bit !== t.bit;
    case 'and':
      return holds(t.left, bit) && holds(t.right, bit);
    case 'or':
      return holds(t.left, bit) || holds(t.right, bit);
  }
}

const invalid = (what: string) => badRequest(`Invalid filter clause: ${what}.`);

function expect(c: TokenCursor, kind: Token['kind'], what: string): Token {
  const t = c.take();
  if (t.kind !== kind)
    throw invalid(
      `expected ${what} at position ${t.pos}, found ${t.kind === 'end' ? 'the end' : `'${t.text}'`}`,
    );
  return t;
}

function isWord(t: Token, text: string): boolean {
  return t.kind === 'word' && t.text === text;
}

function orExpr(c: TokenCursor, v: string, depth: number): EventTypeTest {
  let left = andExpr(c, v, depth);
  while (isWord(c.peek(), 'or')) {
    c.take();
    left = { kind: 'or', left, right: andExpr(c, v, depth) };
  }
  return left;
}

function andExpr(c: TokenCursor, v: string, depth: number): EventTypeTest {
  let left = comparison(c, v, depth);
  while (isWord(c.peek(), 'and')) {
    c.take();
    left = { kind: 'and', left, right: comparison(c, v, depth) };
  }
  return left;
}

function comparison(c: TokenCursor, v: string, depth: number): EventTypeTest {
  const first = c.take();
  if (first.kind === 'lparen') {
    if (depth >= MAX_DEPTH) throw invalid(`parentheses nested too deeply at position ${first.pos}`);
    const inner = orExpr(c, v, depth + 1);
    expect(c, 'rparen', "')'");
    return inner;
  }
  if (first.kind !== 'word' || first.text !== v)
    throw invalid(
      `expected the range variable '${v}' at position ${first.pos}, found ${first.kind === 'end' ? 'the end' : `'${first.text}'`}`,
    );
  const op = c.take();
  if (op.kind !== 'word' || (op.text !== 'eq' && op.text !== 'ne'))
    throw invalid(`signInEventTypes supports eq and ne, not '${op.text}' (position ${op.pos})`);
  const value = c.take();
  if (value.kind !== 'string')
    throw invalid(`expected a quoted event type such as 'nonInteractiveUser' at position ${value.pos}`);
  const bit = BY_LOWER.get(value.text.toLowerCase());
  if (bit === undefined)
    throw invalid(
      `'${value.text}' at position ${value.pos} is not a sign-in event type (${SIGNIN_EVENT_TYPE_NAMES.join(', ')})`,
    );
  return { kind: 'cmp', op: op.text, bit };
}
