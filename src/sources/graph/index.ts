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
  countShortfall,
  COUNT_TOLERANCE,
  isCapped,
  isRecordTypeName,
  readAuditQuery,
  type AuditFilters,
  type AuditQueryInfo,
  type AuditQueryStatus,
} from './audit-query.js';
export {
  filtersNotListed,
  isSameAuditQuery,
  readAuditQueryListPage,
  type AuditQueryListPage,
} from './audit-query-list.js';
export {
  describeGraphFailure,
  graphError,
  graphFatalError,
  GraphServiceError,
  redactTokens,
} from './graph-errors.js';
export {
  abortableSleep,
  graphSend,
  jsonObjectBody,
  type BodyVerdict,
  type GraphAttempt,
  type GraphContext,
  type GraphRequest,
  type GraphSent,
} from './graph-request.js';
export { NextLinkGuard, requestPathOf } from './next-link.js';
export { pageThrough, type GraphPage, type ParsedGraphPage } from './paging.js';
export {
  odataString,
  SIGNIN_EVENT_TYPES,
  signInEventTypesClause,
  signInsFilter,
  signInsUrl,
  SIGNINS_PAGE_SIZE,
  type SignInEventType,
} from './signins-query.js';
export {
  describeGraphSlice,
  planGraphSlices,
  splitSlice,
  type GraphSlice,
  type SlicePlan,
} from './slices.js';
