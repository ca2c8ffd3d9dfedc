/**
 * The case layer: the only place where evidence files, sources, the store and (later) analyses
 * and reports meet. The CLI calls these functions and nothing below them.
 *
 * @module
 */
export { initCase, openCase, type Case, type OpenCaseOptions, type AddedEvidence } from './open-case.js';
export type { CaseManifest, CaseMeta, EvidenceEntry, EvidenceKind } from './manifest.js';
export { importFiles, importFile, ADAPTER_OF_FORMAT } from './import-files.js';
export { importAcquisition } from './import-acquisition.js';
export type { ImportOptions, ImportProgress, ImportSummary, UnitResult, UnitStatus } from './import-types.js';
export { caseInfo, type CaseInfo } from './case-info.js';
export { verifyCase, type VerifyReport } from './verify-case.js';
export { runSql, type SqlResult } from './sql-query.js';
export { ACTIVITY_FILE_FORMATS } from '../sources/activities-files/detect.js';
export type { ActivityFileFormat } from '../sources/activities-files/types.js';
export type { PlainValue } from '../store/index.js';
