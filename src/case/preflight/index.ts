/**
 * `mailtrail preflight`: what a tenant can tell about its mailboxes before any evidence is pulled.
 *
 * @module
 */
export { runPreflight, parseStart, type PreflightOptions, type PreflightResult } from './run-preflight.js';
export { formatPreflight } from './format-table.js';
export { preflightCredentials, type PreflightCredentials } from './preflight-credentials.js';
