/**
 * Splitting a Graph retrieval into slices: user sets × time windows. Windows are half-open
 * `[start, end)` and adjacent, so their union is exactly the user's period; a slice that hits a
 * service limit is split in two — in time while its window is longer than the minimum, then by
 * its users — and a slice that cannot be split further is a gap, reported as such.
 *
 * Keys name a slice for files, ledgers and messages: `u000-w0003` for user set 0, window 3; the
 * halves of a split slice append `.0` and `.1` (`u000-w0003.1.0`).
 *
 * @module
 */

export interface GraphSlice {
  readonly key: string;
  /** User principal names the slice filters on (empty: the whole tenant). */
  readonly users: readonly string[];
  /** Inclusive start, ISO 8601 UTC. */
  readonly start: string;
  /** Exclusive end, ISO 8601 UTC. */
  readonly end: string;
}

export interface SlicePlan {
  readonly start: string;
  readonly end: string;
  /** Length of a window (ms); the last window of the period may be shorter. */
  readonly windowMs: number;
  readonly users: readonly string[];
  /** Users per slice (the rest of the users go to further sets). */
  readonly usersPerSlice: number;
}

/** The slices of a period, user set by user set, window by window. */
export function planGraphSlices(plan: SlicePlan): GraphSlice[] {
  const startMs = Date.parse(plan.start);
  const endMs = Date.parse(plan.end);
  if (!(endMs > startMs)) throw new RangeError(`empty period ${plan.start} .. ${plan.end}`);
  if (!(plan.windowMs > 0) || !(plan.usersPerSlice >= 1)) throw new RangeError('bad slice plan');
  const sets: (readonly string[])[] = [];
  for (let i = 0; i < plan.users.length; i += plan.usersPerSlice)
    sets.push(plan.users.slice(i, i + plan.usersPerSlice));
  if (sets.length === 0) sets.push([]);
  const windows: [number, number][] = [];
  for (let t = startMs; t < endMs; t += plan.windowMs) windows.push([t, Math.min(endMs, t + plan.windowMs)]);
  const slices: GraphSlice[] = [];
  sets.forEach((users, u) =>
    windows.forEach(([a, b], w) =>
      slices.push({ key: `u${pad(u, 3)}-w${pad(w, 4)}`, users, start: iso(a), end: iso(b) }),
    ),
  );
  return slices;
}

/**
 * The two halves of a slice that hit a limit: by time while the window is at least twice the
 * minimum, else by users when it has several; `null` when it cannot be split (a gap).
 */
export function splitSlice(slice: GraphSlice, minWindowMs: number): [GraphSlice, GraphSlice] | null {
  const a = Date.parse(slice.start);
  const b = Date.parse(slice.end);
  if (b - a >= 2 * minWindowMs) {
    // Whole seconds: the service's handling of sub-second filter times is not documented.
    const mid = a + Math.max(1000, Math.floor((b - a) / 2000) * 1000);
    return [
      { key: `${slice.key}.0`, users: slice.users, start: slice.start, end: iso(mid) },
      { key: `${slice.key}.1`, users: slice.users, start: iso(mid), end: slice.end },
    ];
  }
  if (slice.users.length > 1) {
    const half = Math.ceil(slice.users.length / 2);
    return [
      { ...slice, key: `${slice.key}.0`, users: slice.users.slice(0, half) },
      { ...slice, key: `${slice.key}.1`, users: slice.users.slice(half) },
    ];
  }
  return null;
}

/** A slice in words, for messages: `[start, end) for a@x, b@x` or `… for all users`. */
export function describeGraphSlice(s: GraphSlice): string {
  const who = s.users.length === 0 ? 'all users' : s.users.join(', ');
  return `${s.key} [${s.start}, ${s.end}) for ${who}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
