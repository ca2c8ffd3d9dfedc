/**
 * mailtrail as a library: the event model, the Activities API formats and emulator, cases, the
 * retriever, and the investigation analyses. Explicit re-exports only; everything else is
 * internal and may change.
 *
 * @example
 * ```ts
 * import { startEmulator, runFetchActivities, runReport } from 'mailtrail';
 * ```
 *
 * @module
 */

// The event model.
export * from './model/index.js';
export {
  MailtrailError,
  UsageError,
  FormatError,
  SourceError,
  StoreError,
  EvidenceError,
  IncompleteError,
  isMailtrailError,
  type MailtrailErrorCode,
} from './errors.js';
export { VERSION } from './version.js';

// The Activities API: wire format, normalization, and its evidence files.
export {
  STANDARD_PROPERTIES,
  APP_ID_TYPES,
  activityProblems,
  customPropertyMap,
  type Activity,
  type CustomProperty,
} from './sources/activities-api/activity.js';
export {
  normalizeActivity,
  type ActivityFields,
  type ActivityContext,
} from './sources/activities-api/normalize.js';
export { ACTIVITY_KINDS, kindOfActivity } from './sources/activities-api/operations.js';
export {
  readActivityFile,
  detectActivityFileFormat,
  ACTIVITY_FILE_FORMATS,
} from './sources/activities-files/detect.js';
export {
  CrowdStrikeCsvWriter,
  type CrowdStrikeCsvOptions,
} from './sources/activities-files/crowdstrike-csv-writer.js';
export { formatPythonRepr, parsePythonLiteral } from './sources/activities-files/python-repr.js';
export { inferMailbox, type MailboxInference } from './sources/activities-files/infer-mailbox.js';
export type { ActivityFileFormat, ActivityRecord, ReadItem } from './sources/activities-files/types.js';

// The emulator.
export {
  startEmulator,
  generateScenario,
  generateScenarioChunks,
  scenarioTruth,
  writeDataset,
  type EmulatorOptions,
  type RunningEmulator,
  type ScenarioOptions,
  type ScenarioTruth,
  type Dataset,
} from './emulator/index.js';

// Cases, retrieval and reports.
export {
  initCase,
  openCase,
  importFiles,
  importFile,
  importAcquisition,
  caseInfo,
  verifyCase,
  runSql,
  type Case,
  type CaseInfo,
  type ImportSummary,
  type VerifyReport,
} from './case/index.js';
export {
  runFetchActivities,
  type FetchActivitiesRunOptions,
  type FetchActivitiesRunResult,
  type AcquisitionSummary,
} from './case/fetch/index.js';
export { runFetchAudit, type FetchAuditOptions } from './case/fetch/audit/index.js';
export { runFetchSignIns, type FetchSignInsOptions } from './case/fetch/signins/index.js';
export type { GraphFetchOptions, GraphFetchResult } from './case/fetch/graph/graph-fetch.js';
export type { GraphAcquisitionSummary } from './case/fetch/graph/graph-summary.js';
export { runReport, type ReportOptions, type ReportResult, type ReportSummary } from './case/report/index.js';
export { runDemo, type DemoOptions, type DemoResult } from './case/demo.js';

// Analyses (pure).
export { investigate, type Investigation, type InvestigationOptions } from './analyses/investigate.js';
export { RULES, lintRules, type Finding, type Rule } from './analyses/index.js';
export type { EventStore } from './store/index.js';
