/**
 * The message index and session attribution of the Magic Unicorn reports, in typed arrays over
 * interned byte strings ({@link BytePool}), for the streaming `unicorn` path on large CSVs.
 *
 * It computes exactly what `createIndexPass` (messages/message-index.ts, sessions/sessions.ts,
 * lean session tracking) computes for the columns the five TSVs print — a message's subject,
 * sender and received text, and an event's "Last Login IP" — with the same rules, in the same
 * order of precedence; everything the TSVs do not print (evidence ids, notes, counts, folders)
 * is left out. A differential test (test/report/unicorn-fast.test.ts) runs both on the same
 * inputs and requires identical reports. Change the rules there and here together.
 *
 * Values are ids: `imid`, `session`, `app` index the pools below, `item` the caller's pool of
 * ActivityItemIds (any dense ids, equal for equal ids); text columns hold `textId + 1`
 * (0 = absent). Pure: no I/O, no clock.
 *
 * @module
 */
import { SESSION_DEFAULTS, type SessionOptions } from '../sessions/sessions.js';
import { MINUTE_MS } from '../types.js';
import { BytePool, ByteColumn, FloatColumn, IntColumn } from './byte-pool.js';

/** Upper bound on move-chain steps followed (as message-index.ts). */
const MAX_CHAIN = 16;

export class UnicornCompactIndex {
  readonly imids = new BytePool();
  /** Subjects, senders and received texts, TSV-escaped. */
  readonly texts = new BytePool();
  readonly sessions = new BytePool();
  readonly apps = new BytePool();
  /** Normalized IPs, TSV-escaped. */
  readonly ips = new BytePool();
  /** Events seen (valid TimeStamp). */
  events = 0;

  // Messages.
  private readonly deliveryOf = new IntColumn();
  private readonly byImid = new IntColumn();
  private readonly dSubject = new IntColumn();
  private readonly dSender = new IntColumn();
  private readonly dReceived = new IntColumn();
  private deliveries = 0;
  /** Per item: its hint number (1-based), 0 for none; hint columns are indexed by that number. */
  private readonly hintOf = new IntColumn();
  private hints = 0;
  private readonly hImid = new IntColumn();
  private readonly hSender = new IntColumn();
  private readonly hReceived = new IntColumn();
  private readonly hSubject = new IntColumn();
  private readonly previousOf = new IntColumn();
  private readonly pending = new Map<string, { moves: number[]; deletes: number[] }>();
  private pendingMs = NaN;

  // Sessions (lean tracking: only events that open a session start one).
  private readonly seqOf = new IntColumn();
  private readonly bySeq = new IntColumn();
  private tracked = 0;
  private readonly sApp = new IntColumn();
  private readonly sFirst = new FloatColumn();
  private readonly sLast = new FloatColumn();
  private readonly sIp = new IntColumn();
  private readonly sLogon = new ByteColumn();
  private readonly attributed = new IntColumn();
  private readonly chain = new Int32Array(MAX_CHAIN);
  private readonly activeGap: number;
  private readonly precedingWindow: number;

  constructor(options: SessionOptions = {}) {
    this.activeGap = options.activeGapMs ?? SESSION_DEFAULTS.activeGapMs;
    this.precedingWindow = options.precedingWindowMs ?? SESSION_DEFAULTS.precedingWindowMs;
  }

  /** A MessageDelivered record. `item`/`imid`: ids or -1; texts: id + 1 or 0. */
  delivery(item: number, imid: number, subject: number, sender: number, received: number): void {
    const d = ++this.deliveries;
    this.dSubject.set(d, subject);
    this.dSender.set(d, sender);
    this.dReceived.set(d, received);
    if (item >= 0) this.deliveryOf.set(item, d);
    if (imid >= 0) this.byImid.set(imid, d);
  }

  /**
   * A Move or Delete of `item` in session `session` ('' for none; any text that is equal for
   * equal session ids) (message-index.ts pairs a Move to Deleted Items with a Delete of
   * one other item in the same session at the same instant: old id → new id).
   */
  moveOrDelete(isMove: boolean, item: number, ms: number, session: string, toDeleted: boolean): void {
    if (this.pendingMs !== ms) {
      this.flushPairs();
      this.pendingMs = ms;
    }
    let g = this.pending.get(session);
    if (!g) this.pending.set(session, (g = { moves: [], deletes: [] }));
    if (toDeleted) (isMove ? g.moves : g.deletes).push(item);
  }

  /** True when a hint about `item` would still be kept (no delivery and no hint yet). */
  wantsHint(item: number): boolean {
    return this.deliveryOf.get(item) === 0 && this.hintOf.get(item) === 0;
  }

  /** What a non-delivery record says of `item` (kept when the item has no delivery or hint yet). */
  hint(item: number, imid: number, sender: number, received: number, subject: number): void {
    if (this.deliveryOf.get(item) !== 0 || this.hintOf.get(item) !== 0) return;
    if (imid < 0 && sender === 0 && received === 0) return;
    const h = ++this.hints;
    this.hintOf.set(item, h);
    this.hImid.set(h, imid + 1);
    this.hSender.set(h, sender);
    this.hReceived.set(h, received);
    this.hSubject.set(h, subject);
  }

  /**
   * An event of client session `session` (not AppIdType Exchange). `opens`: the event may start
   * a session (logons and the reports' own activities); `ip`: its IP id or -1; `logon`: a
   * successful or undetermined logon (`auth.logon`).
   */
  sessionEvent(session: number, app: number, ms: number, opens: boolean, ip: number, logon: boolean): void {
    let seq = this.seqOf.get(session);
    if (seq === 0) {
      if (!opens) return;
      seq = ++this.tracked;
      this.seqOf.set(session, seq);
      this.bySeq.set(seq, session);
      this.sApp.set(session, app);
      this.sFirst.set(session, ms);
      this.sLast.set(session, ms);
    } else {
      if (ms < this.sFirst.get(session)) this.sFirst.set(session, ms);
      if (ms > this.sLast.get(session)) this.sLast.set(session, ms);
    }
    if (ip < 0) return;
    if (logon) {
      if (this.sLogon.get(session) === 0) {
        this.sIp.set(session, ip + 1);
        this.sLogon.set(session, 1);
      }
    } else if (this.sIp.get(session) === 0) this.sIp.set(session, ip + 1);
  }

  /** Ends pass 1: pairs the last moves and attributes every session. */
  finish(): void {
    this.flushPairs();
    const anchors = new Map<number, number[]>();
    for (let seq = 1; seq <= this.tracked; seq++) {
      const s = this.bySeq.get(seq);
      if (this.sIp.get(s) === 0) continue;
      const app = this.sApp.get(s);
      const list = anchors.get(app);
      if (list) list.push(s);
      else anchors.set(app, [s]);
    }
    const first = this.sFirst;
    for (const list of anchors.values()) list.sort((a, b) => first.get(a) - first.get(b));
    for (let seq = 1; seq <= this.tracked; seq++) {
      const s = this.bySeq.get(seq);
      const own = this.sIp.get(s);
      this.attributed.set(s, own !== 0 ? own : this.infer(s, anchors.get(this.sApp.get(s)) ?? []));
    }
  }

  /** "Last Login IP" of an event of `session` (-1: none): IP id + 1, or 0 for none. */
  sessionIp(session: number): number {
    return session < 0 || this.seqOf.get(session) === 0 ? 0 : this.attributed.get(session);
  }

  /**
   * Subject, sender and received text (id + 1 each, 0 = unknown) of the message an event names:
   * `item`/`imid` the event's item id and InternetMessageId (-1: none), `subject`/`sender` its
   * own (attachment events carry them). Same precedence as MessageIndex.resolve.
   */
  resolve(item: number, imid: number, subject: number, sender: number, out: Int32Array): void {
    // The move chain in a reused array: this runs once per read row, and garbage made here
    // would grow the young generation (and the peak memory) for nothing.
    const chain = this.chain;
    let n = 0;
    for (let id = item; id >= 0 && n < MAX_CHAIN; id = this.previousOf.get(id) - 1) {
      let seen = false;
      for (let k = 0; k < n; k++) if (chain[k] === id) seen = true;
      if (seen) break;
      chain[n++] = id;
    }
    for (let i = 0; i < n; i++) {
      const id = chain[i]!;
      let d = this.deliveryOf.get(id);
      if (d === 0 && i === 0 && imid >= 0) d = this.byImid.get(imid);
      const h = this.hintOf.get(id);
      if (d === 0 && h !== 0 && this.hImid.get(h) !== 0) d = this.byImid.get(this.hImid.get(h) - 1);
      if (d !== 0) return this.fromDelivery(d, out);
    }
    if (n === 0 && imid >= 0) {
      const d = this.byImid.get(imid);
      if (d !== 0) return this.fromDelivery(d, out);
    }
    let h = 0;
    for (let i = 0; i < n; i++) if ((h = this.hintOf.get(chain[i]!)) !== 0) break;
    out[0] = subject !== 0 ? subject : this.hSubject.get(h);
    out[1] = sender !== 0 ? sender : this.hSender.get(h);
    out[2] = this.hReceived.get(h);
  }

  private fromDelivery(d: number, out: Int32Array): void {
    out[0] = this.dSubject.get(d);
    out[1] = this.dSender.get(d);
    out[2] = this.dReceived.get(d);
  }

  private flushPairs(): void {
    for (const g of this.pending.values())
      if (g.moves.length === 1 && g.deletes.length === 1 && g.moves[0] !== g.deletes[0])
        this.previousOf.set(g.moves[0]!, g.deletes[0]! + 1);
    this.pending.clear();
  }

  /** Attribution of a session without an IP of its own (sessions.ts `infer`): its IP id + 1 or 0. */
  private infer(s: number, anchors: readonly number[]): number {
    const t0 = this.sFirst.get(s);
    let lo = 0;
    let hi = anchors.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sFirst.get(anchors[mid]!) <= t0) lo = mid + 1;
      else hi = mid;
    }
    let preceding = 0;
    const lookback = t0 - 24 * 60 * MINUTE_MS;
    for (let i = lo - 1, steps = 0; i >= 0 && steps < 5000; i--, steps++) {
      const a = anchors[i]!;
      if (this.sFirst.get(a) < lookback) break;
      if (this.sLast.get(a) >= t0 - this.activeGap) return this.sIp.get(a);
      if (preceding === 0 && this.sFirst.get(a) >= t0 - this.precedingWindow) preceding = this.sIp.get(a);
    }
    return preceding;
  }
}
