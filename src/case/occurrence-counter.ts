/**
 * Counts how often each event id (occurrence 0) has been seen in one evidence unit, in compact
 * typed arrays: an open-addressing table of the ids' 128 bits. A `Map<string, number>` of
 * 750,000 ids costs ~120 MB of heap (each key retains its 64-character digest); this costs
 * ~20 bytes per id. Ids are SHA-256 prefixes, so their first word is already a good hash.
 *
 * @module
 */

const EMPTY = 0;

export class OccurrenceCounter {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity) cap <<= 1;
    this.keys = new Uint32Array(cap * 4);
    this.counts = new Uint32Array(cap);
  }

  /** Number of distinct ids seen. */
  get distinct(): number {
    return this.size;
  }

  /**
   * Records one more sighting of `id` (32 lower-case hex characters) and returns how many times
   * it was seen before: 0 the first time, then 1, 2, … (the record's occurrence).
   */
  next(id: string): number {
    const k0 = parseInt(id.slice(0, 8), 16) >>> 0;
    const k1 = parseInt(id.slice(8, 16), 16) >>> 0;
    const k2 = parseInt(id.slice(16, 24), 16) >>> 0;
    const k3 = parseInt(id.slice(24, 32), 16) >>> 0;
    const mask = this.counts.length - 1;
    let slot = k0 & mask;
    for (;;) {
      const c = this.counts[slot]!;
      if (c === EMPTY) break;
      const o = slot * 4;
      if (
        this.keys[o] === k0 &&
        this.keys[o + 1] === k1 &&
        this.keys[o + 2] === k2 &&
        this.keys[o + 3] === k3
      ) {
        this.counts[slot] = c + 1;
        return c;
      }
      slot = (slot + 1) & mask;
    }
    const o = slot * 4;
    this.keys[o] = k0;
    this.keys[o + 1] = k1;
    this.keys[o + 2] = k2;
    this.keys[o + 3] = k3;
    this.counts[slot] = 1;
    if (++this.size * 4 > this.counts.length * 3) this.grow();
    return 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const cap = oldCounts.length * 2;
    this.keys = new Uint32Array(cap * 4);
    this.counts = new Uint32Array(cap);
    const mask = cap - 1;
    for (let s = 0; s < oldCounts.length; s++) {
      const c = oldCounts[s]!;
      if (c === EMPTY) continue;
      const o = s * 4;
      let slot = oldKeys[o]! & mask;
      while (this.counts[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys.set(oldKeys.subarray(o, o + 4), slot * 4);
      this.counts[slot] = c;
    }
  }
}
