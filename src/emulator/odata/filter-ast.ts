/**
 * The `$filter` syntax tree. Only what the Activities API was seen to accept, plus the obvious
 * OData neighbours ([I] in activities-api.md §2 and §8.5): comparisons of `TimeStamp` with a
 * DateTimeOffset, `eq`/`ne` on the two enumerations, and `and`/`or`/`not` with parentheses.
 *
 * @module
 */
import type { TimeKey } from '../store/timestamp-key.js';

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** The enumeration properties a filter may compare with a quoted string. */
export type EnumField = 'ActivityIdType' | 'AppIdType';

export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | { readonly kind: 'time'; readonly op: ComparisonOperator; readonly value: TimeKey }
  | { readonly kind: 'enum'; readonly field: EnumField; readonly op: 'eq' | 'ne'; readonly value: string };
