/**
 * Splitting one mailbox's retrieval into time slices that can be fetched in parallel. Slices are
 * half-open and adjacent, and the outermost ones carry the user's own bounds (or none), so their
 * union is exactly the user's query: every record falls in exactly one slice.
 *
 * @module
 */
import type { TimeBound } from './query.js';

export interface Slice {
  /** 0-based position in the mailbox's plan; slices are retrieved and written in this order. */
  readonly index: number;
  readonly lower?: TimeBound;
  readonly upper?: TimeBound;
}

export interface SlicePlanInput {
  /** The user's bounds, as the CrowdStrike retriever applied them (`ge start`, `le end`). */
  readonly lower?: TimeBound;
  readonly upper?: TimeBound;
  /** Epoch ms of the first and last record the server holds within the user's bounds. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly slices: number;
  /** No slice is shorter than this (ms). */
  readonly minSliceMs: number;
}

export function planSlices(input: SlicePlanInput): Slice[] {
  const span = input.lastMs - input.firstMs + 1;
  const count = Math.max(1, Math.min(input.slices, Math.floor(span / input.minSliceMs)));
  const bounds: number[] = [];
  for (let i = 1; i < count; i++) bounds.push(input.firstMs + Math.floor((span * i) / count));
  const iso = (ms: number) => new Date(ms).toISOString();
  const slices: Slice[] = [];
  for (let i = 0; i < count; i++) {
    const lower: TimeBound | undefined = i === 0 ? input.lower : { op: 'ge', at: iso(bounds[i - 1]!) };
    const upper: TimeBound | undefined = i === count - 1 ? input.upper : { op: 'lt', at: iso(bounds[i]!) };
    slices.push({ index: i, ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) });
  }
  return slices;
}

/** A slice's range in words, for messages: `[2018-01-01T00:00:00.000Z, 2018-02-01T00:00:00.000Z)`. */
export function describeSlice(s: Slice): string {
  const lo = s.lower ? `${s.lower.op === 'gt' ? '(' : '['}${s.lower.at}` : '(-∞';
  const hi = s.upper ? `${s.upper.at}${s.upper.op === 'le' ? ']' : ')'}` : '+∞)';
  return `${lo}, ${hi}`;
}
