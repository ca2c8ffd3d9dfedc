/**
 * Tokenizer for `$filter`. Positions are 1-based character offsets in the decoded option value,
 * so an error can say "at position 23" and the user can count to it.
 *
 * @module
 */
import { badFilter } from './odata-error.js';

export type TokenKind =
  'lparen' | 'rparen' | 'word' | 'string' | 'typed' | 'bare' | 'slash' | 'colon' | 'end';

export interface TokenizeOptions {
  /**
   * Also read `/` and `:` (tokens `slash`, `colon`), for lambda operators such as
   * `signInEventTypes/any(t: t eq 'x')`. Off for the Activities filter, which has none.
   */
  readonly lambda?: boolean;
}

export interface Token {
  readonly kind: TokenKind;
  /** Word text, string content (quotes removed, '' unescaped) or bare literal text. */
  readonly text: string;
  /** For `typed` literals such as datetimeoffset'…': the type prefix. */
  readonly prefix?: string;
  /** 1-based position of the first character. */
  readonly pos: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_.]/;
/** Characters allowed in a bare literal such as 2018-05-01T00:00:00.123+02:00. */
const BARE_CHAR = /[0-9A-Za-z:.+-]/;

/** Splits a filter into tokens; an unterminated string or a stray character is a 400. */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const pos = i + 1;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, pos });
      i++;
    } else if (options.lambda === true && (c === '/' || c === ':')) {
      tokens.push({ kind: c === '/' ? 'slash' : 'colon', text: c, pos });
      i++;
    } else if (c === "'") {
      const [value, next] = readString(text, i);
      tokens.push({ kind: 'string', text: value, pos });
      i = next;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j] as string)) j++;
      const word = text.slice(i, j);
      if (text[j] === "'") {
        const [value, next] = readString(text, j);
        tokens.push({ kind: 'typed', text: value, prefix: word, pos });
        i = next;
      } else {
        tokens.push({ kind: 'word', text: word, pos });
        i = j;
      }
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && BARE_CHAR.test(text[j] as string)) j++;
      tokens.push({ kind: 'bare', text: text.slice(i, j), pos });
      i = j;
    } else {
      throw badFilter(
        `Invalid $filter at position ${pos}: unexpected character '${c}'.` +
          (c === '"' ? " String literals use single quotes, e.g. ActivityIdType eq 'ServerLogon'." : ''),
      );
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

/** Reads a single-quoted OData string starting at `start`; returns its value and the next index. */
function readString(text: string, start: number): [string, number] {
  let value = '';
  let j = start + 1;
  for (;;) {
    if (j >= text.length) {
      throw badFilter(
        `Invalid $filter at position ${start + 1}: the string literal is not closed with a single quote.`,
      );
    }
    const ch = text[j] as string;
    if (ch === "'") {
      if (text[j + 1] === "'") {
        value += "'";
        j += 2;
        continue;
      }
      return [value, j + 1];
    }
    value += ch;
    j++;
  }
}
