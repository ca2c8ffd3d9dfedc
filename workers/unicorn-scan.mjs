// @ts-check
/**
 * Entry of the `unicorn` scan worker thread: loads the thread's module (unicorn-scan-thread, named
 * by the main thread in workerData.module) and runs it. Plain JavaScript because worker threads
 * do not inherit TypeScript loaders: under the sources (tests run them through tsx) the module is
 * a .ts file and tsx is registered in this thread first; from the compiled package it is a .js
 * file and nothing else is loaded.
 */
import { parentPort, workerData } from 'node:worker_threads';

if (parentPort === null) throw new Error('[unicorn] workers/unicorn-scan.mjs runs as a worker thread');
if (String(workerData.module).endsWith('.ts')) (await import('tsx/esm/api')).register();
const { runScanThread } = await import(workerData.module);
runScanThread(parentPort, workerData);
