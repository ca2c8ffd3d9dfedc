/**
 * Investigation results → the report.json document (docs/report-json.md). A mapping only: the
 * analyses computed everything; this flattens rows into the documented shape.
 *
 * @module
 */
import type { Investigation } from '../../analyses/investigate.js';
import type { LogonRow } from '../../analyses/logons/logons.js';
import type { SearchRow } from '../../analyses/searches/searches.js';
import type { SessionSummary } from '../../analyses/sessions/sessions.js';
import {
  REPORT_SCHEMA,
  type IncompleteEvidence,
  type ReportDocument,
  type ReportRow,
} from '../../report/types.js';
import { VERSION } from '../../version.js';
import type { GeoSource } from '../enrich/geoip.js';
import type { InputInfo } from './event-source.js';

export interface DocumentContext {
  readonly title: string;
  readonly generatedAt: string;
  readonly inputs: readonly InputInfo[] | readonly Readonly<Record<string, unknown>>[];
  readonly geo: readonly GeoSource[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Incomplete acquisitions of the case (none: left out of meta). */
  readonly incompleteEvidence?: readonly IncompleteEvidence[];
}

export function reportDocument(inv: Investigation, ctx: DocumentContext): ReportDocument {
  const mailboxes = inv.index.mailboxes;
  const starts = mailboxes.map((m) => m.first).sort();
  const ends = mailboxes.map((m) => m.last).sort();
  const doc: ReportDocument = {
    meta: {
      schema: REPORT_SCHEMA,
      tool: 'mailtrail',
      version: VERSION,
      generatedAt: ctx.generatedAt,
      title: ctx.title,
      inputs: ctx.inputs.map((i) => ({ ...i })),
      mailboxes: mailboxes.map((m) => ({
        mailbox: m.mailbox,
        first: m.first,
        last: m.last,
        events: m.events,
      })),
      period: { start: starts[0] ?? null, end: ends[ends.length - 1] ?? null },
      geo: ctx.geo.map((g) => ({ ...g })),
      options: {
        ...ctx.options,
        sessions: inv.options.sessions,
        searches: inv.options.searches,
        findings: inv.options.findings,
      },
      counts: {
        events: inv.index.events,
        deliveries: inv.index.messages.deliveries,
        sessions: inv.sessions.length,
        systemEvents: inv.index.sessions.systemEvents,
        logons: inv.logons.length,
        searches: inv.searches.length,
        reads: inv.reads.length,
        attachments: inv.attachments.length,
        actions: inv.actions.length,
        findings: inv.findings.findings.length,
        suspectSessions: inv.findings.suspects.length,
        signIns: inv.signIns.length,
      },
      ...(ctx.incompleteEvidence?.length ? { incompleteEvidence: ctx.incompleteEvidence } : {}),
    },
    logons: inv.logons.map(logonJson),
    sessions: inv.sessions.map((s) => ({
      ...sessionJson(s),
      suspect: s.suspect,
      suspectReasons: s.suspectReasons,
    })),
    searches: inv.searches.map(searchJson),
    // The analyses' rows are already in the documented shape: shared, not copied (they are many).
    reads: shared(inv.reads),
    attachments: shared(inv.attachments),
    actions: shared(inv.actions),
    findings: inv.findings.findings.map((f) => ({
      rule: f.rule,
      level: f.level,
      status: f.status,
      title: f.title,
      mailbox: f.mailbox,
      sessionId: f.sessionId,
      relatedSessions: f.relatedSessions ?? [],
      time: f.time,
      summary: f.summary,
      evidence: f.evidence,
    })),
    ruleSummaries: inv.findings.summaries.map((s) => ({ ...s })),
    signIns: shared(inv.signIns),
    ...(inv.exposure
      ? {
          exposure: {
            basis: inv.exposure.basis,
            suspectIps: inv.exposure.suspectIps,
            suspectSessions: inv.exposure.suspectSessions.map(sessionJson),
            searches: inv.exposure.searches.map(searchJson),
            reads: shared(inv.exposure.reads),
            attachments: shared(inv.exposure.attachments),
            actions: shared(inv.exposure.actions),
            messages: inv.exposure.messages,
            foldersSynced: inv.exposure.foldersSynced.map((r) => ({ ...r })),
            blindIntervals: inv.exposure.blindIntervals.map((r) => ({ ...r })),
          },
        }
      : {}),
  };
  return doc;
}

/**
 * Rows the analyses already give in the documented shape (plain objects of JSON values, keys in
 * column order), used as they are: copying hundreds of thousands of rows would double their
 * memory for nothing.
 */
const shared = <T extends object>(rows: readonly T[]): readonly ReportRow[] =>
  rows as unknown as readonly ReportRow[];

function logonJson(l: LogonRow): ReportRow {
  return {
    time: l.time,
    mailbox: l.mailbox,
    activity: l.activity,
    app: l.app,
    ip: l.ip,
    user: l.user,
    userAgent: l.userAgent,
    sessionId: l.sessionId,
    result: l.result,
    country: l.geo.country,
    region: l.geo.region,
    city: l.geo.city,
    asn: l.geo.asn,
    asOrg: l.geo.asOrg,
    ipRange: l.geo.range,
    client: l.client.client,
    clientVersion: l.client.clientVersion,
    clientCategory: l.client.category,
    os: l.client.os,
    osVersion: l.client.osVersion,
    device: l.client.device,
    clientRule: l.client.rule,
    evidence: l.evidence,
  };
}

function sessionJson(s: SessionSummary): ReportRow {
  return {
    mailbox: s.mailbox,
    sessionId: s.sessionId,
    app: s.app,
    ip: s.ip,
    userAgent: s.userAgent,
    user: s.user,
    start: s.start,
    end: s.end,
    events: s.events,
    counts: s.counts,
    otherIps: s.otherIps,
    attribution: {
      basis: s.attribution.basis,
      inferred: s.attribution.inferred,
      fromSession: s.attribution.fromSession,
      candidates: s.attribution.candidates,
      evidence: s.attribution.evidence,
    },
    evidence: s.evidence,
  };
}

function searchJson(s: SearchRow): ReportRow {
  return {
    mailbox: s.mailbox,
    query: s.query,
    typed: s.typed,
    firstKeystroke: s.firstKeystroke,
    lastKeystroke: s.lastKeystroke,
    keystrokes: s.keystrokes,
    submitted: s.submitted?.time ?? null,
    submittedQuery: s.submitted?.query ?? null,
    sessionId: s.sessionId,
    ip: s.ip,
    app: s.app,
    attribution: s.attribution,
    evidence: s.evidence,
  };
}
