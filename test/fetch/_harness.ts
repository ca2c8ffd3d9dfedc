/**
 * Helpers for retriever tests: a temporary directory, the emulator on loopback, and reading back
 * what an acquisition kept.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { AcquisitionSummary } from '../../src/case/fetch/acquisition-state.js';

export async function tempDir(
  t: { after(fn: () => Promise<void>): void },
  prefix = 'mailtrail-test-',
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every record the acquisition kept, in retrieval order, with its mailbox. */
export async function keptRecords(
  dir: string,
): Promise<{ mailbox: string; record: Record<string, unknown> }[]> {
  const summary = JSON.parse(await readFile(join(dir, 'acquisition.json'), 'utf8')) as AcquisitionSummary;
  const out: { mailbox: string; record: Record<string, unknown> }[] = [];
  for (const page of summary.pages) {
    const body = JSON.parse(gunzipSync(await readFile(join(dir, page.file))).toString('utf8')) as {
      value: Record<string, unknown>[];
    };
    for (const record of body.value) out.push({ mailbox: page.mailbox, record });
  }
  return out;
}

/** All files below a directory (relative paths). */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** A real stream that collects what is written, standing in for stdout/stderr. */
export function collector(): { stream: PassThrough; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
