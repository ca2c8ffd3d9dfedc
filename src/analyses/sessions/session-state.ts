/**
 * The running state of one session while events are added: first and last event, counts per
 * kind, the logons and the IP and client they name, and merging of the same session found under
 * another key.
 *
 * @module
 */
import type { EventId } from '../../model/ids.js';
import type { EventKind } from '../../model/kinds.js';
import type { Instant } from '../../model/time.js';
import type { AnalysisEvent } from '../types.js';
import { isLogon } from './session-types.js';

export class SessionState {
  lastMs: number;
  lastTime: Instant;
  lastId: EventId;
  count = 0;
  counts: Partial<Record<EventKind, number>> = {};
  ip: string | null = null;
  userAgent: string | null = null;
  actor: string | null = null;
  ipEventId: EventId | null = null;
  logonIds: EventId[] = [];
  otherIps: string[] = [];

  constructor(
    readonly mailbox: string,
    readonly app: string | null,
    public firstMs: number,
    public firstTime: Instant,
    public firstId: EventId,
  ) {
    this.lastMs = firstMs;
    this.lastTime = firstTime;
    this.lastId = firstId;
  }

  /** Takes in every event of `o` (a session found to be the same one under another key). */
  merge(o: SessionState): void {
    this.count += o.count;
    for (const [k, n] of Object.entries(o.counts) as [EventKind, number][])
      this.counts[k] = (this.counts[k] ?? 0) + n;
    if (o.firstMs < this.firstMs || (o.firstMs === this.firstMs && o.firstId < this.firstId)) {
      this.firstMs = o.firstMs;
      this.firstTime = o.firstTime;
      this.firstId = o.firstId;
    }
    if (o.lastMs > this.lastMs || (o.lastMs === this.lastMs && o.lastId > this.lastId)) {
      this.lastMs = o.lastMs;
      this.lastTime = o.lastTime;
      this.lastId = o.lastId;
    }
    if (this.actor === null) this.actor = o.actor;
    if (this.logonIds.length === 0 && o.logonIds.length > 0) {
      this.ip = o.ip;
      this.userAgent = o.userAgent;
      this.ipEventId = o.ipEventId;
    } else if (this.ip === null && o.ip !== null) {
      this.ip = o.ip;
      this.userAgent = o.userAgent;
      this.ipEventId = o.ipEventId;
    }
    this.logonIds.push(...o.logonIds);
    for (const ip of [o.ip, ...o.otherIps])
      if (ip !== null && ip !== this.ip && !this.otherIps.includes(ip) && this.otherIps.length < 8)
        this.otherIps.push(ip);
  }

  add(e: AnalysisEvent, t: number): void {
    this.count++;
    this.counts[e.kind] = (this.counts[e.kind] ?? 0) + 1;
    if (t < this.firstMs || (t === this.firstMs && e.id < this.firstId)) {
      this.firstMs = t;
      this.firstTime = e.time;
      this.firstId = e.id;
    }
    if (t > this.lastMs || (t === this.lastMs && e.id > this.lastId)) {
      this.lastMs = t;
      this.lastTime = e.time;
      this.lastId = e.id;
    }
    if (e.actor && this.actor === null && isLogon(e.kind)) this.actor = e.actor;
    if (e.ip === null) return;
    if (isLogon(e.kind)) {
      if (this.logonIds.length === 0) {
        this.ip = e.ip;
        this.userAgent = e.userAgent;
        this.ipEventId = e.id;
      } else if (e.ip !== this.ip && !this.otherIps.includes(e.ip) && this.otherIps.length < 8) {
        this.otherIps.push(e.ip);
      }
      this.logonIds.push(e.id);
    } else if (this.ip === null) {
      this.ip = e.ip;
      this.userAgent = e.userAgent;
      this.ipEventId = e.id;
    }
  }
}
