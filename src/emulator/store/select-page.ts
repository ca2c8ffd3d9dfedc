/**
 * Picks the positions of one page (`$skip`, `$top`, `$orderby`) from a {@link QueryPlan}.
 *
 * Exact plans never visit skipped records: over the whole range the page starts at an offset;
 * over combo lists (each sorted, pairwise disjoint) a binary search on the position finds the
 * point before which exactly `$skip` matches lie, in O(k · log² n) for k lists, and a k-way
 * merge then yields the page. Inexact plans walk their candidates and re-check the filter.
 *
 * @module
 */
import type { FilterNode } from '../odata/filter-ast.js';
import type { MailboxStore } from './mailbox-store.js';
import { matches, type QueryPlan } from './query-plan.js';

export interface PageRequest {
  readonly skip: number;
  readonly top: number;
  readonly descending: boolean;
}

export interface Page {
  /** Sorted positions of the records to return, in response order. */
  readonly positions: number[];
  /** Whether records exist after this page (drives `@odata.nextLink`). */
  readonly more: boolean;
}

/** First index in `list` whose value is ≥ `value`. */
function lowerBound(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Run {
  readonly list: Int32Array;
  /** Index range of the list inside the plan's position range. */
  readonly from: number;
  readonly to: number;
}

function runsOf(store: MailboxStore, plan: QueryPlan): Run[] {
  return (plan.combos ?? [])
    .map((c) => store.comboPositions[c] as Int32Array)
    .map((list) => ({ list, from: lowerBound(list, plan.lo), to: lowerBound(list, plan.hi) }))
    .filter((r) => r.to > r.from);
}

/** Selects a page; `filter` is only consulted for inexact plans. */
export function selectPage(
  store: MailboxStore,
  plan: QueryPlan,
  filter: FilterNode | null,
  req: PageRequest,
): Page {
  if (plan.lo >= plan.hi) return { positions: [], more: false };
  if (!plan.exact && filter) return scanPage(store, plan, filter, req);
  if (plan.combos === null) {
    const total = plan.hi - plan.lo;
    const count = Math.max(0, Math.min(req.top, total - req.skip));
    const positions = new Array<number>(count);
    for (let i = 0; i < count; i++)
      positions[i] = req.descending ? plan.hi - 1 - req.skip - i : plan.lo + req.skip + i;
    return { positions, more: req.skip + count < total };
  }
  const runs = runsOf(store, plan);
  const total = runs.reduce((sum, r) => sum + r.to - r.from, 0);
  if (req.skip >= total) return { positions: [], more: false };
  // Number of matches that lie before the page start, in ascending position order.
  const before = req.descending ? total - req.skip : req.skip;
  const threshold = positionWithCountBelow(runs, plan.lo, plan.hi, before);
  const heads = runs.map((r) => lowerBound(r.list, threshold) - (req.descending ? 1 : 0));
  const count = Math.min(req.top, total - req.skip);
  const positions: number[] = [];
  while (positions.length < count) {
    let best = -1;
    let bestValue = req.descending ? -1 : Number.MAX_SAFE_INTEGER;
    runs.forEach((r, i) => {
      const h = heads[i] as number;
      if (h < r.from || h >= r.to) return;
      const v = r.list[h] as number;
      if (req.descending ? v > bestValue : v < bestValue) {
        best = i;
        bestValue = v;
      }
    });
    if (best < 0) break;
    positions.push(bestValue);
    heads[best] = (heads[best] as number) + (req.descending ? -1 : 1);
  }
  return { positions, more: req.skip + positions.length < total };
}

/** Smallest position t in [lo, hi] such that at least `count` run entries are < t. */
function positionWithCountBelow(runs: readonly Run[], lo: number, hi: number, count: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    let below = 0;
    for (const r of runs) below += Math.min(Math.max(lowerBound(r.list, mid), r.from), r.to) - r.from;
    if (below >= count) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** The fallback: walk the candidates in order, re-checking the filter on each. */
function scanPage(store: MailboxStore, plan: QueryPlan, filter: FilterNode, req: PageRequest): Page {
  const positions: number[] = [];
  let skipped = 0;
  const visit = (pos: number): boolean => {
    if (!matches(store, filter, pos)) return true;
    if (skipped < req.skip) {
      skipped++;
      return true;
    }
    positions.push(pos);
    return positions.length <= req.top;
  };
  if (plan.combos === null) {
    if (req.descending) {
      for (let p = plan.hi - 1; p >= plan.lo && visit(p); p--);
    } else {
      for (let p = plan.lo; p < plan.hi && visit(p); p++);
    }
  } else {
    const runs = runsOf(store, plan);
    const heads = runs.map((r) => (req.descending ? r.to - 1 : r.from));
    for (;;) {
      let best = -1;
      let bestValue = req.descending ? -1 : Number.MAX_SAFE_INTEGER;
      runs.forEach((r, i) => {
        const h = heads[i] as number;
        if (h < r.from || h >= r.to) return;
        const v = r.list[h] as number;
        if (req.descending ? v > bestValue : v < bestValue) {
          best = i;
          bestValue = v;
        }
      });
      if (best < 0 || !visit(bestValue)) break;
      heads[best] = (heads[best] as number) + (req.descending ? -1 : 1);
    }
  }
  // One record beyond the page was collected only to learn whether more exist.
  const more = positions.length > req.top;
  if (more) positions.length = req.top;
  return { positions, more };
}
