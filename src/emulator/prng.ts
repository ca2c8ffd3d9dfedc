/**
 * A small seeded pseudo-random generator (splitmix32) for everything the emulator makes up:
 * scenario data and fault decisions. `Math.random` and the clock are never used, so the same seed
 * gives byte-identical data and the same faults on every machine and Node version.
 *
 * @module
 */

/** Mixes a 32-bit state into a well-distributed 32-bit output (splitmix32 finaliser). */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a over a string: turns labels ("day 2018-03-04", a request URL) into 32-bit seeds. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mix32(h);
}

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Deterministic random stream. `fork(label)` derives an independent child stream, so a
 * generator can produce day 100 without first drawing the numbers of days 1–99: that is what
 * keeps scenario generation streamable with bounded memory.
 */
export class Rng {
  private state: number;
  private readonly base: number;

  constructor(seed: number) {
    this.base = mix32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
    this.state = this.base;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Approximately normal (Irwin–Hall of 4 uniforms), mean 0, standard deviation 1. */
  normal(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508;
  }

  /** Poisson-distributed count with the given mean (normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** An RFC 4122 version-4-shaped GUID, lower-case, as the API printed ClientSessionIds. */
  guid(): string {
    let s = '';
    for (let i = 0; i < 32; i++) {
      let d = this.nextU32() & 15;
      if (i === 12) d = 4;
      if (i === 16) d = 8 | (d & 3);
      s += HEX[d];
      if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
    }
    return s;
  }

  /** `n` characters of Base64 alphabet, for EWS-looking item and record ids. */
  base64(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += B64[this.nextU32() & 63];
    return s;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX[this.nextU32() & 15];
    return s;
  }

  /** An independent stream for a named sub-task; the parent stream is not advanced. */
  fork(label: string): Rng {
    return new Rng(hashString(label, this.base));
  }
}
