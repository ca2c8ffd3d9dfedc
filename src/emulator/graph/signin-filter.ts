/**
 * `$filter` of `GET /auditLogs/signIns`, the subset retrievers use: comparisons of
 * `createdDateTime` (ge, gt, le, lt, eq) with a DateTimeOffset and `userPrincipalName eq '…'`,
 * joined by `and`, optionally in parentheses. Anything else — another property, `or`, `not`,
 * functions such as startsWith — is a Graph 400 naming what is not supported ([U]: Graph itself
 * supports more properties; the emulator refuses them rather than ignoring them).
 *
 * @module
 */
import { tokenize, type Token } from '../odata/filter-lexer.js';
import { ODataError } from '../odata/odata-error.js';
import { badRequest } from './graph-http.js';
import { parseAuditTime } from './audit-record.js';

export interface SignInFilter {
  /** Inclusive/exclusive bounds on createdDateTime (epoch ms). */
  readonly after: { readonly ms: number; readonly strict: boolean } | null;
  readonly before: { readonly ms: number; readonly strict: boolean } | null;
  /** Lower-cased UPNs that must all equal the sign-in's (more than one distinct = no match). */
  readonly upns: readonly string[];
}

const unsupported = (what: string) =>
  badRequest(
    `Invalid filter clause: ${what}. The emulator supports createdDateTime ge|gt|le|lt|eq <DateTimeOffset> and userPrincipalName eq '<upn>', joined by 'and'.`,
  );

/** Parses a decoded `$filter`; null for none. */
export function parseSignInFilter(text: string | null): SignInFilter | null {
  if (text === null || text.trim() === '') return null;
  let tokens: Token[];
  try {
    tokens = tokenize(text).filter((t) => t.kind !== 'lparen' && t.kind !== 'rparen');
  } catch (err) {
    if (err instanceof ODataError) throw badRequest(err.message);
    throw err;
  }
  let after: SignInFilter['after'] = null;
  let before: SignInFilter['before'] = null;
  const upns: string[] = [];
  let i = 0;
  const next = () => tokens[i++] as Token;
  for (;;) {
    const prop = next();
    if (prop.kind !== 'word') throw unsupported(`expected a property at position ${prop.pos}`);
    const op = next();
    const value = next();
    if (op.kind !== 'word' || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op.text))
      throw unsupported(`'${prop.text}' must be followed by a comparison operator (position ${op.pos})`);
    if (prop.text.toLowerCase() === 'createddatetime') {
      const raw =
        value.kind === 'bare' || value.kind === 'string' || value.kind === 'typed' ? value.text : '';
      const ms = /(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? parseAuditTime(raw) : Number.NaN;
      if (Number.isNaN(ms))
        throw badRequest(
          `Invalid filter clause: '${raw || value.text}' at position ${value.pos} is not a DateTimeOffset such as 2026-08-01T00:00:00Z.`,
        );
      if (op.text === 'ne') throw unsupported("'ne' on createdDateTime");
      if (op.text === 'ge' || op.text === 'gt' || op.text === 'eq') {
        const b = { ms, strict: op.text === 'gt' };
        if (!after || b.ms > after.ms || (b.ms === after.ms && b.strict)) after = b;
      }
      if (op.text === 'le' || op.text === 'lt' || op.text === 'eq') {
        const b = { ms, strict: op.text === 'lt' };
        if (!before || b.ms < before.ms || (b.ms === before.ms && b.strict)) before = b;
      }
    } else if (prop.text.toLowerCase() === 'userprincipalname') {
      if (op.text !== 'eq') throw unsupported(`'${op.text}' on userPrincipalName (only eq)`);
      if (value.kind !== 'string')
        throw badRequest(
          `Invalid filter clause: userPrincipalName eq needs a quoted string, e.g. userPrincipalName eq 'user@contoso.com' (position ${value.pos}).`,
        );
      upns.push(value.text.toLowerCase());
    } else {
      throw unsupported(`the property '${prop.text}' cannot be filtered on`);
    }
    const joiner = next();
    if (joiner.kind === 'end') break;
    if (joiner.kind !== 'word' || joiner.text !== 'and')
      throw unsupported(`'${joiner.text}' at position ${joiner.pos} (only 'and' joins clauses)`);
  }
  return { after, before, upns };
}
