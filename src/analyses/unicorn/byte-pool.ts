/**
 * An interning pool of byte strings, off the JS heap: the compact Magic Unicorn index keeps item
 * ids, InternetMessageIds, session ids, subjects and senders here instead of as JS strings, so a
 * quarter of a million messages cost a few tens of megabytes of typed arrays and no garbage
 * collector work (a JS string per value made the old path retain ~180 MB of small objects).
 *
 * Each distinct byte string gets a dense id (0, 1, 2, … in first-seen order); its bytes live in
 * 1 MB chunks and are found again with an open-addressing hash table of ids. Pure: no I/O.
 *
 * @module
 */

const CHUNK = 1 << 20;

export class BytePool {
  /** Number of distinct strings interned (ids are 0 … size - 1). */
  size = 0;
  private readonly chunks: Uint8Array[] = [];
  private chunk: Uint8Array = new Uint8Array(0);
  private chunkPos = 0;
  private chunkIdx = -1;
  /** Per id: chunk index << 20 | offset, and length. */
  private readonly addr = new IntColumn();
  private readonly lenOf = new IntColumn();
  /**
   * Open addressing, two Int32 per slot: id + 1 (0 = empty) and the string's hash, side by side
   * so that a probe reads one cache line and rehashing never touches the strings' bytes.
   */
  private table = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  /** Ids in the hash table. */
  private hashed = 0;
  /** Bytes held in chunks. */
  bytes = 0;

  /** The id of buf[s, e), interning it when new. */
  intern(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const h = hashBytes(buf, s, e);
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const v = table[2 * slot]!;
      if (v === 0) break;
      if (table[2 * slot + 1] === h && this.lenOf.get(v - 1) === n && this.equals(v - 1, buf, s, e))
        return v - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.add(buf, s, e);
    table[2 * slot] = id + 1;
    table[2 * slot + 1] = h;
    // Load up to 3/4: probes compare the stored hashes, so runs of occupied slots stay cheap.
    if (++this.hashed * 4 > (table.length >> 1) * 3) this.rehash();
    return id;
  }

  /**
   * Stores buf[s, e) under a new id without looking for an equal string (for values that
   * rarely repeat, such as subjects and received times: no hashing, no table slot).
   */
  append(buf: Uint8Array, s: number, e: number): number {
    return this.add(buf, s, e);
  }

  /** The id of buf[s, e), or -1 when it was never interned. */
  find(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const h = hashBytes(buf, s, e);
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const v = table[2 * slot]!;
      if (v === 0) return -1;
      if (table[2 * slot + 1] === h && this.lenOf.get(v - 1) === n && this.equals(v - 1, buf, s, e))
        return v - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of a JS string's UTF-8 bytes. */
  internString(text: string): number {
    const b = Buffer.from(text, 'utf8');
    return this.intern(b, 0, b.length);
  }

  /** Length in bytes of string `id`. */
  length(id: number): number {
    return this.lenOf.get(id);
  }

  /** Copies string `id` into out at `pos`; returns the position after it. */
  copyTo(id: number, out: Uint8Array, pos: number): number {
    const a = this.addr.get(id);
    const c = this.chunks[a >>> 20]!;
    const o = a & 0xfffff;
    const n = this.lenOf.get(id);
    if (n > 48) {
      out.set(c.subarray(o, o + n), pos);
      return pos + n;
    }
    for (let k = 0; k < n; k++) out[pos + k] = c[o + k]!;
    return pos + n;
  }

  /** String `id` as text (for slow paths and tests). */
  text(id: number): string {
    const a = this.addr.get(id);
    const o = a & 0xfffff;
    return Buffer.from(this.chunks[a >>> 20]!.buffer).toString('utf8', o, o + this.lenOf.get(id));
  }

  /** True when string `id` is buf[s, e). */
  matches(id: number, buf: Uint8Array, s: number, e: number): boolean {
    return this.lenOf.get(id) === e - s && this.equals(id, buf, s, e);
  }

  private equals(id: number, buf: Uint8Array, s: number, e: number): boolean {
    const a = this.addr.get(id);
    const c = this.chunks[a >>> 20]!;
    let o = a & 0xfffff;
    for (let k = s; k < e; k++, o++) if (c[o] !== buf[k]) return false;
    return true;
  }

  /** Stores buf[s, e) under a new id (the caller puts it in the table, or not). */
  private add(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const id = this.size++;
    if (n > CHUNK >> 2) {
      // A large value gets a chunk of its own; the current chunk stays open.
      this.chunks.push(buf.slice(s, e));
      this.addr.set(id, (this.chunks.length - 1) << 20);
    } else {
      if (this.chunkPos + n > this.chunk.length) {
        this.chunk = new Uint8Array(CHUNK);
        this.chunks.push(this.chunk);
        this.chunkIdx = this.chunks.length - 1;
        this.chunkPos = 0;
      }
      const c = this.chunk;
      const o = this.chunkPos;
      for (let k = 0; k < n; k++) c[o + k] = buf[s + k]!;
      this.addr.set(id, (this.chunkIdx << 20) | o);
      this.chunkPos = o + n;
    }
    if (this.chunks.length > 4096) throw new RangeError('[unicorn] BytePool over 4 GB');
    this.lenOf.set(id, n);
    this.bytes += n;
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const v = old[i]!;
      if (v === 0) continue;
      const h = old[i + 1]!;
      let slot = h & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = v;
      table[2 * slot + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** MurmurHash3 (x86, 32-bit) of buf[s, e), four bytes a step. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = e - s;
  let k = s;
  for (; k + 4 <= e; k += 4) {
    let w = buf[k]! | (buf[k + 1]! << 8) | (buf[k + 2]! << 16) | (buf[k + 3]! << 24);
    w = Math.imul(w, 0xcc9e2d51);
    w = (w << 15) | (w >>> 17);
    h ^= Math.imul(w, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = e - k;
  if (rest > 0) {
    let w = buf[k]!;
    if (rest > 1) w |= buf[k + 1]! << 8;
    if (rest > 2) w |= buf[k + 2]! << 16;
    w = Math.imul(w, 0xcc9e2d51);
    w = (w << 15) | (w >>> 17);
    h ^= Math.imul(w, 0x1b873593);
  }
  h ^= e - s;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A direct-mapped cache in front of a pool of a few short strings (activity and app types):
 * a lookup compares the bytes with one candidate instead of hashing them.
 */
export class SmallInterner {
  private readonly cache = new Int32Array(1024);
  constructor(readonly pool: BytePool) {}

  intern(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const k = n > 0 ? (n * 131 + buf[s]! * 31 + buf[s + (n >> 1)]! * 7 + buf[e - 1]!) & 1023 : 0;
    const v = this.cache[k]!;
    if (v !== 0 && this.pool.matches(v - 1, buf, s, e)) return v - 1;
    const id = this.pool.intern(buf, s, e);
    this.cache[k] = id + 1;
    return id;
  }
}

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;

/**
 * An Int32 column (index → value, 0 by default) in 64 Ki-entry pages allocated on first write:
 * growing never copies and leaves no dead buffers, and untouched ranges cost nothing.
 */
export class IntColumn {
  private readonly pages: (Int32Array | undefined)[] = [];
  get(i: number): number {
    const p = this.pages[i >>> PAGE_BITS];
    return p === undefined ? 0 : p[i & (PAGE - 1)]!;
  }
  set(i: number, v: number): void {
    const k = i >>> PAGE_BITS;
    let p = this.pages[k];
    if (p === undefined) {
      while (this.pages.length < k) this.pages.push(undefined);
      this.pages[k] = p = new Int32Array(PAGE);
    }
    p[i & (PAGE - 1)] = v;
  }
}

/** A Float64 column, paged like {@link IntColumn}. */
export class FloatColumn {
  private readonly pages: (Float64Array | undefined)[] = [];
  get(i: number): number {
    const p = this.pages[i >>> PAGE_BITS];
    return p === undefined ? 0 : p[i & (PAGE - 1)]!;
  }
  set(i: number, v: number): void {
    const k = i >>> PAGE_BITS;
    let p = this.pages[k];
    if (p === undefined) {
      while (this.pages.length < k) this.pages.push(undefined);
      this.pages[k] = p = new Float64Array(PAGE);
    }
    p[i & (PAGE - 1)] = v;
  }
}

/** A Uint8 column, paged like {@link IntColumn}. */
export class ByteColumn {
  private readonly pages: (Uint8Array | undefined)[] = [];
  get(i: number): number {
    const p = this.pages[i >>> PAGE_BITS];
    return p === undefined ? 0 : p[i & (PAGE - 1)]!;
  }
  set(i: number, v: number): void {
    const k = i >>> PAGE_BITS;
    let p = this.pages[k];
    if (p === undefined) {
      while (this.pages.length < k) this.pages.push(undefined);
      this.pages[k] = p = new Uint8Array(PAGE);
    }
    p[i & (PAGE - 1)] = v;
  }
}
