/**
 * Today's audit sources — the Unified Audit Log in every export form and Entra ID sign-in logs —
 * behind one API: detect a file's format, read it as a stream of records and issues, normalize
 * each record into MailboxEvents. See docs/ual-formats-supported.md.
 *
 * ```ts
 * for await (const item of readAuditFile(path, undefined, { displayName })) {
 *   if (item.type === 'issue') issues.push(item.issue);
 *   else {
 *     const { events, issues } = normalizeAuditRecord(item.record, {
 *       adapter: ADAPTER_OF_AUDIT_FORMAT[item.record.format],
 *       ingestId,
 *     });
 *   }
 * }
 * ```
 *
 * @module
 */
export { detectAuditFileFormat, detectAuditText, inspectAuditFile, readAuditFile } from './detect.js';
export { normalizeAuditRecord, type AuditNormalizeOptions } from './normalize.js';
export { sniffEncoding } from './text-input.js';
export {
  ADAPTER_OF_AUDIT_FORMAT,
  AUDIT_FILE_FORMATS,
  type AuditFileFormat,
  type AuditFileInfo,
  type AuditReadItem,
  type AuditReadOptions,
  type AuditRecord,
  type AuditRecordKind,
  type AuditTextEncoding,
} from './types.js';
