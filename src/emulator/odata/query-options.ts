/**
 * Reads the OData system query options of an Activities request from the raw query string.
 *
 * Clients encode differently (activities-api.md §2): the CrowdStrike retriever form-encodes
 * (`%24filter`, `+` for space), the LMG fork mixes a literal `$orderby` with `%24filter`, and
 * EXOMailActivity sends literal `$` and spaces. So names and values are decoded the same way,
 * `+` first. Unknown `$` options and repeated options are refused with a 400 rather than
 * ignored, so a client bug shows up as an error instead of as silently different data;
 * parameters without `$` are ignored, as OData services do.
 *
 * @module
 */
import { STANDARD_PROPERTIES } from '../../sources/activities-api/activity.js';
import type { FilterNode } from './filter-ast.js';
import { parseFilter } from './filter-parser.js';
import { badQuery } from './odata-error.js';

/** Properties `$select` accepts: the seven standard ones and `Id`. */
export const SELECTABLE: readonly string[] = ['Id', ...STANDARD_PROPERTIES];

const OPTIONS = ['$filter', '$select', '$orderby', '$top', '$skip'] as const;
type OptionName = (typeof OPTIONS)[number];

/** `$top` bounds attested by EXOMailActivity ("1–1000") and the CrowdStrike batch size. */
export const MAX_TOP = 1000;

export interface ActivitiesQuery {
  readonly filter: FilterNode | null;
  /** Selected properties in request order, or `null` for the default set. */
  readonly select: readonly string[] | null;
  readonly descending: boolean;
  readonly top: number;
  readonly skip: number;
}

export interface QueryDefaults {
  /** Order without `$orderby`: the API's default is [U]; newest first is the usual guess. */
  readonly descending: boolean;
  /** Page size without `$top` ([U]; Outlook REST uses 10 elsewhere). */
  readonly top: number;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw badQuery(`The query parameter ${what} has malformed percent-encoding.`);
  }
}

/** Parses the part of a request URL after `?` (without the `?`). */
export function parseActivitiesQuery(rawQuery: string, defaults: QueryDefaults): ActivitiesQuery {
  const values = new Map<OptionName, string>();
  rawQuery.split('&').forEach((part, index) => {
    if (part === '') return;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq), `number ${index + 1}`);
    if (!name.startsWith('$')) return;
    if (!(OPTIONS as readonly string[]).includes(name)) {
      const near = OPTIONS.find((o) => o.toLowerCase() === name.toLowerCase());
      throw badQuery(
        `The query option '${name}' is not supported` +
          (near
            ? ` (option names are case-sensitive: did you mean '${near}'?)`
            : `; supported options are ${OPTIONS.join(', ')}`) +
          '.',
      );
    }
    const option = name as OptionName;
    if (values.has(option)) throw badQuery(`The query option '${option}' appears more than once.`);
    values.set(option, eq < 0 ? '' : decode(part.slice(eq + 1), `'${option}'`));
  });
  return {
    filter: parseFilter(values.get('$filter') ?? ''),
    select: values.has('$select') ? parseSelect(values.get('$select') as string) : null,
    descending: values.has('$orderby') ? parseOrderBy(values.get('$orderby') as string) : defaults.descending,
    top: values.has('$top') ? parseCount('$top', values.get('$top') as string, 1, MAX_TOP) : defaults.top,
    skip: values.has('$skip')
      ? parseCount('$skip', values.get('$skip') as string, 0, Number.MAX_SAFE_INTEGER)
      : 0,
  };
}

function parseSelect(text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.length === 1 && names[0] === '')
    throw badQuery(`The query option '$select' is empty; list properties such as TimeStamp,ActivityIdType.`);
  const out: string[] = [];
  names.forEach((name, i) => {
    if (name === '')
      throw badQuery(`The query option '$select' has an empty property name at item ${i + 1}.`);
    if (!SELECTABLE.includes(name)) {
      const near = SELECTABLE.find((p) => p.toLowerCase() === name.toLowerCase());
      throw badQuery(
        `Could not find a property named '${name}' for $select` +
          (near
            ? ` (names are case-sensitive: did you mean '${near}'?)`
            : `; selectable properties are ${SELECTABLE.join(', ')}`) +
          '.',
      );
    }
    if (!out.includes(name)) out.push(name);
  });
  return out;
}

function parseOrderBy(text: string): boolean {
  const m = /^\s*TimeStamp(?:\s+(asc|desc))?\s*$/.exec(text);
  if (!m) {
    throw badQuery(
      `The query option '$orderby' must be 'TimeStamp', 'TimeStamp asc' or 'TimeStamp desc', not '${text}'.`,
    );
  }
  return m[1] === 'desc';
}

function parseCount(option: string, text: string, min: number, max: number): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed))
    throw badQuery(`The query option '${option}' must be a whole number, not '${text}'.`);
  const value = Number(trimmed);
  if (value < min || value > max) {
    throw badQuery(
      `The query option '${option}' must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`}, not ${trimmed}.`,
    );
  }
  return value;
}
