/**
 * The case ledger (`ledger.jsonl`): one JSON line per thing done to the case (created, evidence
 * added, import committed or rolled back). Append-only, never rewritten, so it also records
 * attempts that left no trace in the database.
 *
 * @module
 */
import { appendFile } from 'node:fs/promises';
import { LEDGER, inCase } from './case-layout.js';

export interface LedgerEntry {
  readonly action: string;
  readonly [key: string]: unknown;
}

export async function appendLedger(dir: string, entry: LedgerEntry, now = new Date()): Promise<void> {
  await appendFile(inCase(dir, LEDGER), JSON.stringify({ at: now.toISOString(), ...entry }) + '\n');
}
