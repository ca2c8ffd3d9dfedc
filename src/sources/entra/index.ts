/**
 * Entra ID sign-in logs: readers for Graph signIns JSON, diagnostic-settings records and the
 * portal's CSV/JSON downloads, and the sign-in → MailboxEvent normalizer. Most callers want the
 * format-independent API of `sources/audit` instead.
 *
 * @module
 */
export {
  isSignInHeader,
  PORTAL_SIGNIN_COLUMNS,
  signInPathOfColumn,
  SIGNIN_GRAPH_PROPERTIES,
} from './columns.js';
export { normalizeSignIn, SIGNIN_FAMILY, type SignInNormalizeContext } from './normalize.js';
export {
  isDiagnosticRecord,
  looksLikeSignIn,
  readSignInCsv,
  readSignInJson,
  SIGNIN_CATEGORIES,
} from './readers.js';
