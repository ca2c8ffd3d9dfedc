/**
 * Recursive-descent parser for `$filter`, producing a {@link FilterNode}.
 *
 * ```
 * filter     = [ or-expr ] END            ; empty or blank = no filter (the CrowdStrike client sends "")
 * or-expr    = and-expr *( "or" and-expr )
 * and-expr   = unary *( "and" unary )
 * unary      = "not" unary-arg / primary
 * unary-arg  = "(" or-expr ")" / "not" unary-arg
 * primary    = "(" or-expr ")" / comparison
 * comparison = "TimeStamp" op datetime / ("ActivityIdType" / "AppIdType") ("eq" / "ne") string
 * op         = "eq" / "ne" / "gt" / "ge" / "lt" / "le"
 * datetime   = 2018-05-01T00:00:00Z / '2018-05-01T00:00:00Z' / datetimeoffset'2018-05-01T00:00:00Z'
 * ```
 *
 * Keywords and property names are case-sensitive, as in OData. As in OData's precedence table,
 * `not` binds tighter than a comparison, so `not TimeStamp ge …` is refused with a hint to add
 * parentheses rather than silently read one way or the other. Nesting is capped so that hostile
 * input yields a 400, never a stack overflow.
 *
 * @module
 */
import { parseTimeKey } from '../store/timestamp-key.js';
import type { ComparisonOperator, EnumField, FilterNode } from './filter-ast.js';
import { tokenize, type Token } from './filter-lexer.js';
import { badFilter } from './odata-error.js';

const PROPERTIES = ['TimeStamp', 'ActivityIdType', 'AppIdType'] as const;
const OPERATORS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const KEYWORDS = ['and', 'or', 'not', ...OPERATORS];
const MAX_DEPTH = 64;

/** Parses a decoded `$filter` value; `null` for an empty or blank filter. */
export function parseFilter(text: string): FilterNode | null {
  const tokens = tokenize(text);
  if ((tokens[0] as Token).kind === 'end') return null;
  const parser = new Parser(tokens);
  const node = parser.orExpr(0);
  const next = parser.peek();
  if (next.kind !== 'end') {
    throw fail(
      next,
      next.kind === 'rparen' ? "a ')' without a matching '('" : "'and', 'or' or the end of the filter",
    );
  }
  return node;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the filter ended';
    case 'string':
      return `found the string '${t.text}'`;
    case 'typed':
      return `found ${t.prefix}'${t.text}'`;
    default: {
      const lower = t.text.toLowerCase();
      const hint =
        t.kind === 'word' && t.text !== lower && KEYWORDS.includes(lower)
          ? ` (keywords are lower-case: '${lower}')`
          : '';
      return `found '${t.text}'${hint}`;
    }
  }
}

function fail(t: Token, expected: string): Error {
  return badFilter(`Invalid $filter at position ${t.pos}: expected ${expected} but ${describe(t)}.`);
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private take(): Token {
    const t = this.tokens[this.i] as Token;
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === text;
  }

  orExpr(depth: number): FilterNode {
    if (depth > MAX_DEPTH)
      throw badFilter(
        `Invalid $filter at position ${this.peek().pos}: nesting deeper than ${MAX_DEPTH} levels.`,
      );
    let left = this.andExpr(depth);
    while (this.isWord('or')) {
      this.take();
      left = { kind: 'or', left, right: this.andExpr(depth) };
    }
    return left;
  }

  private andExpr(depth: number): FilterNode {
    let left = this.unary(depth);
    while (this.isWord('and')) {
      this.take();
      left = { kind: 'and', left, right: this.unary(depth) };
    }
    return left;
  }

  private unary(depth: number): FilterNode {
    if (!this.isWord('not')) return this.primary(depth);
    const not = this.take();
    const next = this.peek();
    if (next.kind === 'lparen' || (next.kind === 'word' && next.text === 'not')) {
      return { kind: 'not', operand: this.unary(depth + 1) };
    }
    if (next.kind === 'word' && (PROPERTIES as readonly string[]).includes(next.text)) {
      throw badFilter(
        `Invalid $filter at position ${next.pos}: 'not' at position ${not.pos} applies to a parenthesised expression; write not (${next.text} …).`,
      );
    }
    throw fail(next, "'(' after 'not'");
  }

  private primary(depth: number): FilterNode {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.take();
      const inner = this.orExpr(depth + 1);
      const close = this.peek();
      if (close.kind !== 'rparen')
        throw fail(close, `')' to close the '(' at position ${t.pos}, or 'and'/'or'`);
      this.take();
      return inner;
    }
    return this.comparison();
  }

  private comparison(): FilterNode {
    const prop = this.take();
    if (prop.kind !== 'word')
      throw fail(prop, "a property (TimeStamp, ActivityIdType or AppIdType), 'not' or '('");
    if (!(PROPERTIES as readonly string[]).includes(prop.text)) {
      const near = PROPERTIES.find((p) => p.toLowerCase() === prop.text.toLowerCase());
      throw badFilter(
        `Invalid $filter at position ${prop.pos}: unknown property '${prop.text}'` +
          (near
            ? ` (names are case-sensitive: did you mean '${near}'?)`
            : '; the filter can use TimeStamp, ActivityIdType and AppIdType') +
          '.',
      );
    }
    const opToken = this.take();
    if (opToken.kind !== 'word' || !OPERATORS.includes(opToken.text)) {
      throw fail(opToken, `a comparison operator (eq, ne, gt, ge, lt, le) after '${prop.text}'`);
    }
    const op = opToken.text as ComparisonOperator;
    const literal = this.take();
    if (prop.text === 'TimeStamp') return { kind: 'time', op, value: this.timeLiteral(literal) };
    if (op !== 'eq' && op !== 'ne') {
      throw badFilter(
        `Invalid $filter at position ${opToken.pos}: ${prop.text} can only be compared with eq or ne, not '${op}'.`,
      );
    }
    if (literal.kind !== 'string') {
      throw fail(
        literal,
        `a quoted string after '${prop.text} ${op}', such as '${prop.text === 'AppIdType' ? 'Web' : 'ServerLogon'}'`,
      );
    }
    return { kind: 'enum', field: prop.text as EnumField, op, value: literal.text };
  }

  private timeLiteral(t: Token) {
    const ok =
      t.kind === 'bare' ||
      t.kind === 'string' ||
      (t.kind === 'typed' && (t.prefix ?? '').toLowerCase() === 'datetimeoffset');
    if (!ok) throw fail(t, 'a DateTimeOffset literal such as 2018-05-01T00:00:00Z');
    const parsed = parseTimeKey(t.text, true);
    if (parsed.key) return parsed.key;
    const next = this.peek();
    // '+' means space in a query string: "…T00:00:00+02:00" arrives as "…T00:00:00 02:00".
    const plusHint =
      next.kind === 'bare' && /^\d{2}:\d{2}$/.test(next.text)
        ? " (a '+' in a URL query means a space: encode the zone offset as %2B)"
        : '';
    throw badFilter(
      `Invalid $filter at position ${t.pos}: '${t.text}' is not a valid DateTimeOffset: ${parsed.problem}${plusHint}.`,
    );
  }
}
