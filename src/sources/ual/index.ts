/**
 * Unified Audit Log: readers for every export form and the AuditData → MailboxEvent normalizer.
 * Most callers want the format-independent API of `sources/audit` instead
 * (`readAuditFile`, `normalizeAuditRecord`).
 *
 * @module
 */
export { CompletenessTracker, TRUNCATION_ROW_COUNTS } from './completeness.js';
export { readUalCsv, readUalFlatCsv } from './csv-reader.js';
export { readUalGraphJson, readUalJson, readUalJsonl } from './json-readers.js';
export { nameValue, THROTTLE_GAP_HOURS } from './normalize-operations.js';
export { normalizeUalRecord, propertiesOf, UAL_FAMILY, type UalNormalizeContext } from './normalize.js';
export {
  knownOperation,
  SUCCESSFUL_LOGIN_ERROR_NUMBERS,
  UAL_OPERATION_KINDS,
  type KnownUalOperation,
} from './operations.js';
export { unwrapAuditRecord, type Unwrapped } from './unwrap.js';
