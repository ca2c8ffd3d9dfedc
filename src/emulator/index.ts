/**
 * Public API of the Activities API emulator: a loopback HTTP server that answers like the Office
 * 365 Outlook Activities endpoint of 2018, and a deterministic BEC scenario to feed it. The
 * retriever, the demo and the tests start it in-process; `mailtrail emulate` is the CLI around it.
 *
 * @module
 */
export { startEmulator, buildStores, type EmulatorOptions, type RunningEmulator } from './server.js';
export type { EmulatorStats } from './http/activities-handler.js';
export type { CredentialsConfig } from './http/credentials.js';
export { readCredentialsFile } from './http/credentials.js';
export type { FaultOptions } from './http/faults.js';
export type { ThrottleOptions } from './http/throttle.js';
export {
  generateScenario,
  generateScenarioChunks,
  scenarioTruth,
  type ScenarioOptions,
} from './scenario/generate.js';
export type { ScenarioTruth } from './scenario/truth.js';
export { writeDataset, type WriteSummary } from './dataset/write-dataset.js';
export { loadDatasetFile } from './dataset/load-dataset-file.js';
export type { Dataset, DatasetChunk, DatasetSource } from './dataset/types.js';
