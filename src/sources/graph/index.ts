/**
 * Microsoft Graph as an evidence source: the audit log query API and Entra sign-in logs. Pure
 * request building and response reading, plus the retrying request and the next-link pager the
 * retrievers in src/case/fetch use.
 *
 * @module
 */
export {
  auditQueriesUrl,
  auditQueryBody,
  auditQueryUrl,
  auditRecordsUrl,
  isCapped,
  isRecordTypeName,
  readAuditQuery,
  type AuditFilters,
  type AuditQueryInfo,
  type AuditQueryStatus,
} from './audit-query.js';
export { describeGraphFailure, graphError, graphFatalError } from './graph-errors.js';
export {
  abortableSleep,
  graphSend,
  jsonObjectBody,
  type BodyVerdict,
  type GraphAttempt,
  type GraphContext,
  type GraphRequest,
} from './graph-request.js';
export { NextLinkGuard, requestPathOf } from './next-link.js';
export { pageThrough, type GraphPage, type ParsedGraphPage } from './paging.js';
export { odataString, signInsFilter, signInsUrl, SIGNINS_PAGE_SIZE } from './signins-query.js';
export {
  describeGraphSlice,
  planGraphSlices,
  splitSlice,
  type GraphSlice,
  type SlicePlan,
} from './slices.js';
