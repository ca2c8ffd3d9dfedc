/**
 * What a tenant can tell: the pure parts of `mailtrail preflight` (token claims, licences and
 * retention, mailbox audit configuration, the Exchange admin and Graph answers, and the
 * question → evidence table built from them).
 *
 * @module
 */
export * from './token-claims.js';
export * from './licences.js';
export * from './retention.js';
export * from './mailbox-audit.js';
export * from './exchange-admin.js';
export * from './graph-directory.js';
export * from './preflight-types.js';
export * from './probe-outcome.js';
export { buildPreflightRows, countAvailability } from './preflight-rows.js';
