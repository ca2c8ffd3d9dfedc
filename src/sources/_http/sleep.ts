/**
 * The wait between retries: a timer that an abort (Ctrl-C, a fatal error elsewhere) ends at
 * once, so no retrieval lingers after it was told to stop.
 *
 * @module
 */

/** Waits `ms`, rejecting with the signal's reason when it is aborted first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
