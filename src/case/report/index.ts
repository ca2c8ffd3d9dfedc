/**
 * Reports: the investigation pipeline (`runReport`) and the streaming Magic Unicorn reports
 * (`runUnicorn`).
 *
 * @module
 */
export {
  runReport,
  summarize,
  REPORT_FORMATS,
  ALL_REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
  type ReportResult,
  type ReportSummary,
  type SuspectSummary,
} from './run-report.js';
export { runUnicorn, unicornFile, type UnicornOptions, type UnicornResult } from './unicorn.js';
export { enrichIps, type Enrichment, type GeoOptions, type GeoSource } from '../enrich/geoip.js';
