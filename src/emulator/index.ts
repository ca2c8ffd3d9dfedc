/**
 * Public API of the Activities API emulator: a loopback HTTP server that answers like the Office
 * 365 Outlook Activities endpoint of 2018, and a deterministic BEC scenario to feed it. The
 * retriever, the demo and the tests start it in-process; `mailtrail emulate` is the CLI around it.
 *
 * @module
 */
export {
  startEmulator,
  buildStores,
  type EmulatorIdentity,
  type EmulatorOptions,
  type RunningEmulator,
} from './server.js';
export type { IdentityApp, IdentityConfig, IdentityUser } from './identity/identity-config.js';
export { readIdentityFile } from './identity/identity-config.js';
export type { IdentityStats } from './identity/identity-provider.js';
export type { EmulatorStats } from './http/activities-handler.js';
export type { CredentialsConfig } from './http/credentials.js';
export { readCredentialsFile } from './http/credentials.js';
export { readTenantConfigFile, checkTenantConfig } from './directory/tenant-config-file.js';
export type { TenantConfig, TenantMailboxConfig } from './directory/tenant-config.js';
export type { FaultOptions } from './http/faults.js';
export type { ThrottleOptions } from './http/throttle.js';
export {
  generateScenario,
  generateScenarioChunks,
  scenarioTruth,
  type ScenarioOptions,
} from './scenario/generate.js';
export type { AuditTruth, ScenarioTruth } from './scenario/truth.js';
export type { AuditQueryBehaviour, GraphOptions } from './graph/options.js';
export { generateAuditChunks, type AuditChunk } from './scenario/audit-generate.js';
export { writeDataset, type WriteSummary } from './dataset/write-dataset.js';
export { loadDatasetFile } from './dataset/load-dataset-file.js';
export type { Dataset, DatasetChunk, DatasetSource } from './dataset/types.js';
