/**
 * One entry point for normalizing any audit record a reader yielded: UAL records go to the UAL
 * normalizer, sign-ins to the Entra one. Pure.
 *
 * @module
 */
import type { Normalized } from '../../model/event.js';
import { normalizeSignIn } from '../entra/normalize.js';
import { normalizeUalRecord } from '../ual/normalize.js';
import type { AuditRecord } from './types.js';

export interface AuditNormalizeOptions {
  /** `source.adapter` of the events; see ADAPTER_OF_AUDIT_FORMAT for the usual name per format. */
  readonly adapter: string;
  readonly ingestId?: string;
  /**
   * Only matters for records *without* an Id (content-hash identity): the n-th identical copy in
   * one evidence unit. Records with an Id are one record however often they appear, so the
   * importer should not count occurrences for them (leave this 0).
   */
  readonly occurrence?: number;
}

/** Events and issues of one record. Never throws. */
export function normalizeAuditRecord(record: AuditRecord, opts: AuditNormalizeOptions): Normalized {
  const ctx = {
    adapter: opts.adapter,
    ...(opts.ingestId !== undefined ? { ingestId: opts.ingestId } : {}),
    ...(opts.occurrence !== undefined ? { occurrence: opts.occurrence } : {}),
    locator: record.locator,
    rawSha256: record.rawSha256,
    raw: record.raw,
  };
  return record.kind === 'ual' ? normalizeUalRecord(record.data, ctx) : normalizeSignIn(record.data, ctx);
}
