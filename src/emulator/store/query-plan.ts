/**
 * Turns a `$filter` tree into a plan over a {@link MailboxStore}: a range of sorted positions
 * (from binary searches on TimeStamp) and a set of (ActivityIdType, AppIdType) combos whose
 * position lists hold every match. When the plan is `exact`, every candidate matches, so `$skip`
 * can be resolved by counting instead of scanning. Combinations that cannot be expressed that way
 * (for example `TimeStamp lt A or TimeStamp gt B`, or `not` around a mixed expression) give an
 * inexact plan: a superset whose candidates are re-checked one by one — the documented fallback
 * that scans the time-bounded range.
 *
 * @module
 */
import type { FilterNode } from '../odata/filter-ast.js';
import type { MailboxStore } from './mailbox-store.js';
import type { TimeKey } from './timestamp-key.js';

export interface QueryPlan {
  /** First candidate position (inclusive). */
  readonly lo: number;
  /** Last candidate position (exclusive). */
  readonly hi: number;
  /** Combo numbers that may match, or `null` for all of them. */
  readonly combos: readonly number[] | null;
  /** True when every candidate in range and combos matches the filter. */
  readonly exact: boolean;
}

/** First position whose key is ≥ `key` (or > `key` when `strict`). */
export function timeBound(store: MailboxStore, key: TimeKey, strict: boolean): number {
  let lo = 0;
  let hi = store.size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ms = store.ms[mid] as number;
    const d = ms !== key.ms ? ms - key.ms : (store.ticks[mid] as number) - key.ticks;
    if (d < 0 || (strict && d === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Plans `filter` (or no filter) against `store`. */
export function planQuery(store: MailboxStore, filter: FilterNode | null): QueryPlan {
  return filter ? plan(store, filter) : { lo: 0, hi: store.size, combos: null, exact: true };
}

function plan(store: MailboxStore, node: FilterNode): QueryPlan {
  const n = store.size;
  const full = (exact: boolean): QueryPlan => ({ lo: 0, hi: n, combos: null, exact });
  switch (node.kind) {
    case 'time': {
      const lower = timeBound(store, node.value, false);
      const upper = timeBound(store, node.value, true);
      switch (node.op) {
        case 'ge':
          return { lo: lower, hi: n, combos: null, exact: true };
        case 'gt':
          return { lo: upper, hi: n, combos: null, exact: true };
        case 'le':
          return { lo: 0, hi: upper, combos: null, exact: true };
        case 'lt':
          return { lo: 0, hi: lower, combos: null, exact: true };
        case 'eq':
          return { lo: lower, hi: upper, combos: null, exact: true };
        case 'ne':
          // The complement of [lower, upper) is one range only when one side is empty.
          if (lower === upper) return full(true);
          if (lower === 0) return { lo: upper, hi: n, combos: null, exact: true };
          if (upper === n) return { lo: 0, hi: lower, combos: null, exact: true };
          return full(false);
      }
      break;
    }
    case 'enum': {
      const combos: number[] = [];
      store.combos.forEach((c, i) => {
        const value = node.field === 'ActivityIdType' ? c.type : c.app;
        if ((value === node.value) === (node.op === 'eq')) combos.push(i);
      });
      return { lo: 0, hi: n, combos, exact: true };
    }
    case 'and': {
      const a = plan(store, node.left);
      const b = plan(store, node.right);
      return {
        lo: Math.max(a.lo, b.lo),
        hi: Math.min(a.hi, b.hi),
        combos: intersect(a.combos, b.combos),
        exact: a.exact && b.exact,
      };
    }
    case 'or': {
      const a = plan(store, node.left);
      const b = plan(store, node.right);
      if (a.exact && isEmpty(a)) return b;
      if (b.exact && isEmpty(b)) return a;
      const hull = { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
      if (a.exact && b.exact) {
        if (a.lo === b.lo && a.hi === b.hi)
          return { ...hull, combos: union(a.combos, b.combos), exact: true };
        // Same combos over overlapping or touching ranges: the union is the hull.
        if (sameCombos(a.combos, b.combos) && a.lo <= b.hi && b.lo <= a.hi)
          return { ...hull, combos: a.combos, exact: true };
      }
      return { ...hull, combos: union(a.combos, b.combos), exact: false };
    }
    case 'not': {
      const a = plan(store, node.operand);
      if (a.exact && a.lo === 0 && a.hi === n) {
        const inside = new Set(a.combos ?? store.combos.map((_, i) => i));
        return {
          lo: 0,
          hi: n,
          combos: store.combos.map((_, i) => i).filter((i) => !inside.has(i)),
          exact: true,
        };
      }
      if (a.exact && a.combos === null) {
        if (a.lo >= a.hi) return full(true);
        if (a.lo === 0) return { lo: a.hi, hi: n, combos: null, exact: true };
        if (a.hi === n) return { lo: 0, hi: a.lo, combos: null, exact: true };
      }
      return full(false);
    }
  }
  return full(false);
}

function isEmpty(p: QueryPlan): boolean {
  return p.lo >= p.hi || (p.combos !== null && p.combos.length === 0);
}

function intersect(a: readonly number[] | null, b: readonly number[] | null): readonly number[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const set = new Set(b);
  return a.filter((c) => set.has(c));
}

function union(a: readonly number[] | null, b: readonly number[] | null): readonly number[] | null {
  if (a === null || b === null) return null;
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

function sameCombos(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** Evaluates the filter on one stored record: the per-candidate check of inexact plans. */
export function matches(store: MailboxStore, node: FilterNode, pos: number): boolean {
  switch (node.kind) {
    case 'and':
      return matches(store, node.left, pos) && matches(store, node.right, pos);
    case 'or':
      return matches(store, node.left, pos) || matches(store, node.right, pos);
    case 'not':
      return !matches(store, node.operand, pos);
    case 'enum': {
      const c = store.combos[store.combo[pos] as number] as { type: string; app: string };
      const equal = (node.field === 'ActivityIdType' ? c.type : c.app) === node.value;
      return node.op === 'eq' ? equal : !equal;
    }
    case 'time': {
      const ms = store.ms[pos] as number;
      const d = ms !== node.value.ms ? ms - node.value.ms : (store.ticks[pos] as number) - node.value.ticks;
      switch (node.op) {
        case 'eq':
          return d === 0;
        case 'ne':
          return d !== 0;
        case 'gt':
          return d > 0;
        case 'ge':
          return d >= 0;
        case 'lt':
          return d < 0;
        case 'le':
          return d <= 0;
      }
    }
  }
  return false;
}
