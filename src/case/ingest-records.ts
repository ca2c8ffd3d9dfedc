/**
 * The heart of an import: Activities records → events and issues in a staged store write.
 * Identical records of one evidence unit get occurrence 0, 1, 2… so true duplicates are all
 * kept while a re-import (or an overlapping file) yields the same ids and is stored once.
 *
 * @module
 */
import type { MailboxEvent } from '../model/event.js';
import { describeLocator, type Issue } from '../model/issue.js';
import { normalizeActivity } from '../sources/activities-api/normalize.js';
import type { MailboxTally } from '../sources/activities-files/infer-mailbox.js';
import type { ActivityRecord, ReadItem } from '../sources/activities-files/types.js';
import type { StoreWrite } from '../store/index.js';
import type { OccurrenceCounter } from './occurrence-counter.js';

/** Events and issues are handed to the store in batches of this size. */
const BATCH = 256;
/** Progress is reported every this many records. */
const PROGRESS_EVERY = 10_000;

export class IngestCounters {
  records = 0;
  events = 0;
  issueCount = 0;
  readonly issues: Record<string, number> = {};
  /** Mailboxes of the events produced. */
  readonly mailboxes = new Set<string>();
  firstIssue: string | undefined;

  countIssue(i: Issue): void {
    this.issueCount++;
    this.issues[i.code] = (this.issues[i.code] ?? 0) + 1;
    this.firstIssue ??= `${i.message} (${describeLocator(i.locator)})`;
  }
}

export interface IngestContext {
  readonly write: StoreWrite;
  readonly adapter: string;
  readonly runId: string;
  /** Mailbox of a record that does not name one. */
  readonly mailbox: string | undefined;
  readonly counters: IngestCounters;
  /** Scope of occurrence counting: one counter per evidence unit (or acquisition page). */
  readonly occurrences: OccurrenceCounter;
  /** Adds fields to every locator (an acquisition page's request). */
  readonly locatorExtra?: { readonly request?: string };
  /**
   * Tallies the ServerLogon UserNames of records that name no mailbox, so a provisionally
   * inferred mailbox can be confirmed against the whole file (resolve-mailbox.ts).
   */
  readonly tally?: MailboxTally;
  readonly signal?: AbortSignal;
  readonly onProgress?: (records: number) => void;
}

/**
 * Events and issues waiting to be staged, flushed to the write in batches: shared by every
 * importer so that batching, counting and interrupt checks stay the same everywhere.
 */
export function stagingBuffer(write: StoreWrite, counters: IngestCounters, signal?: AbortSignal) {
  let events: MailboxEvent[] = [];
  let issues: Issue[] = [];
  return {
    addEvent(e: MailboxEvent) {
      events.push(e);
      counters.events++;
      counters.mailboxes.add(e.mailbox);
    },
    addIssue(i: Issue) {
      counters.countIssue(i);
      issues.push(i);
    },
    get full() {
      return events.length >= BATCH || issues.length >= BATCH;
    },
    async flush() {
      signal?.throwIfAborted();
      if (events.length) await write.addEvents(events);
      if (issues.length) await write.addIssues(issues);
      events = [];
      issues = [];
    },
  };
}

export async function ingestRecords(items: AsyncIterable<ReadItem>, ctx: IngestContext): Promise<void> {
  const buffer = stagingBuffer(ctx.write, ctx.counters, ctx.signal);
  const addIssue = (i: Issue) => buffer.addIssue(i);
  for await (const item of items) {
    if (item.type === 'issue') {
      addIssue(
        ctx.locatorExtra
          ? { ...item.issue, locator: { ...item.issue.locator, ...ctx.locatorExtra } }
          : item.issue,
      );
    } else {
      ctx.counters.records++;
      if (ctx.tally && item.record.mailbox === undefined) ctx.tally.add(item.record.fields);
      const event = normalizeRecord(item.record, ctx, addIssue);
      if (event) buffer.addEvent(event);
      if (ctx.counters.records % PROGRESS_EVERY === 0) ctx.onProgress?.(ctx.counters.records);
    }
    if (buffer.full) await buffer.flush();
  }
  await buffer.flush();
}

function normalizeRecord(
  rec: ActivityRecord,
  ctx: IngestContext,
  addIssue: (i: Issue) => void,
): MailboxEvent | null {
  const mailbox = rec.mailbox ?? ctx.mailbox;
  const locator = ctx.locatorExtra ? { ...rec.locator, ...ctx.locatorExtra } : rec.locator;
  if (mailbox === undefined) {
    addIssue({
      code: 'import.mailbox.unknown',
      severity: 'error',
      message: 'The record names no mailbox and none was given',
      locator,
    });
    return null;
  }
  const context = { mailbox, adapter: ctx.adapter, locator, rawSha256: rec.rawSha256, raw: rec.raw };
  let { event, issues } = normalizeActivity(rec.fields, context);
  if (event) {
    // The occurrence-0 id is the record's identity; only a repeat is normalized again.
    const occurrence = ctx.occurrences.next(event.id);
    if (occurrence > 0) ({ event, issues } = normalizeActivity(rec.fields, { ...context, occurrence }));
  }
  for (const i of issues) addIssue(i);
  if (!event) return null;
  // The event was just built for this record and is not shared: give its source the run id in
  // place (same keys, same order as a copy with `ingestId` added) rather than copying the event.
  (event.source as { ingestId?: string }).ingestId = ctx.runId;
  return event;
}
