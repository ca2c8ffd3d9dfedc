/**
 * An acquisition's `ledger.jsonl`: one JSON line per request attempt, plan, slice and error, in
 * the order they happened, appended (a resumed run continues the same ledger). Callers never
 * pass a credential: attempt records carry the request path and status only.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

export interface LedgerFile {
  write(entry: object): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export function openLedgerFile(dir: string): LedgerFile {
  const stream = createWriteStream(join(dir, 'ledger.jsonl'), { flags: 'a' });
  return {
    write: (entry) => void stream.write(JSON.stringify(entry) + '\n'),
    close: () => new Promise<void>((resolve) => stream.end(resolve)),
  };
}

/**
 * Runs saves one after another (the last state always lands last) and lets the caller wait for
 * the queue to drain; a failed save is reported by the next `flush`.
 */
export function serialSaver(save: () => Promise<void>): { save(): Promise<void>; flush(): Promise<void> } {
  let chain = Promise.resolve();
  return {
    save: () => (chain = chain.then(save)),
    flush: () => chain,
  };
}
