/**
 * TSV output files: written under a temporary name in the output directory and renamed into
 * place when complete, so an interrupted run never leaves a half-written report under the real
 * name. Writes are synchronous and batched (the reducers that produce rows are synchronous).
 * The by-item table is grouped: rows are buffered per group and, past a memory limit, spilled
 * to sorted run files and merged at the end, so memory stays bounded whatever the input size.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { tsvLine, tsvSectionHead } from '../../report/tsv.js';

const FLUSH_CHARS = 1 << 20;

/** A text file written to a temporary name, renamed over `path` by {@link commit}. */
export class AtomicTextFile {
  readonly tmp: string;
  private fd: number;
  private pending = '';
  private done = false;

  constructor(readonly path: string) {
    this.tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.tmp, 'w');
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.pending === '') return;
    writeSync(this.fd, this.pending, null, 'utf8');
    this.pending = '';
  }

  commit(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.done = true;
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/** A flat table: header line, then rows. */
export class TsvTableFile {
  rows = 0;
  private readonly file: AtomicTextFile;
  constructor(path: string, header: readonly string[]) {
    this.file = new AtomicTextFile(path);
    this.file.write(tsvLine(header));
  }
  row(values: readonly string[]): void {
    this.rows++;
    this.file.write(tsvLine(values));
  }
  async close(): Promise<void> {
    this.file.commit();
  }
  abort(): void {
    this.file.abort();
  }
}

/**
 * A grouped table: for each group in order of first appearance, the group key line, the header,
 * then the group's rows in arrival order.
 */
export class GroupedTsvFile {
  rows = 0;
  private readonly groups = new Map<string, number>();
  private readonly keys: string[] = [];
  private buffered: string[][] = [];
  private bufferedChars = 0;
  private readonly runs: string[] = [];
  private readonly file: AtomicTextFile;

  constructor(
    path: string,
    private readonly header: readonly string[],
    private readonly spillChars = 8 << 20,
  ) {
    this.file = new AtomicTextFile(path);
  }

  row(group: string, values: readonly string[]): void {
    let gi = this.groups.get(group);
    if (gi === undefined) {
      gi = this.keys.length;
      this.groups.set(group, gi);
      this.keys.push(group);
    }
    const line = tsvLine(values);
    (this.buffered[gi] ??= []).push(line);
    this.rows++;
    this.bufferedChars += line.length;
    if (this.bufferedChars >= this.spillChars) this.spill();
  }

  async close(): Promise<void> {
    if (this.runs.length === 0) {
      for (let gi = 0; gi < this.keys.length; gi++) {
        const lines = this.buffered[gi];
        if (!lines) continue;
        this.file.write(tsvSectionHead(this.keys[gi]!, this.header));
        for (const l of lines) this.file.write(l);
      }
      this.buffered = [];
      this.file.commit();
      return;
    }
    this.spill();
    await this.merge();
    this.file.commit();
    for (const r of this.runs) rmSync(r, { force: true });
  }

  abort(): void {
    this.file.abort();
    for (const r of this.runs) rmSync(r, { force: true });
  }

  /** Writes the buffered rows as a run file sorted by group index. */
  private spill(): void {
    const run = new AtomicTextFile(`${this.file.tmp}.run${this.runs.length}`);
    for (let gi = 0; gi < this.buffered.length; gi++) {
      const lines = this.buffered[gi];
      if (!lines) continue;
      for (const l of lines) run.write(`${gi}\t${l}`);
    }
    run.flush();
    run.commit();
    this.runs.push(run.path);
    this.buffered = [];
    this.bufferedChars = 0;
  }

  /** K-way merge of the runs by group index; equal groups keep run order (arrival order). */
  private async merge(): Promise<void> {
    const readers = this.runs.map((r) =>
      createInterface({ input: createReadStream(r, { encoding: 'utf8' }), crlfDelay: Infinity })[
        Symbol.asyncIterator
      ](),
    );
    const heads: ({ gi: number; line: string } | null)[] = [];
    const next = async (k: number) => {
      const r = await readers[k]!.next();
      if (r.done) heads[k] = null;
      else {
        const tab = r.value.indexOf('\t');
        heads[k] = { gi: Number(r.value.slice(0, tab)), line: r.value.slice(tab + 1) + '\n' };
      }
    };
    for (let k = 0; k < readers.length; k++) await next(k);
    let current = -1;
    for (;;) {
      let best = -1;
      for (let k = 0; k < heads.length; k++) {
        const h = heads[k];
        if (h && (best < 0 || h.gi < heads[best]!.gi)) best = k;
      }
      if (best < 0) break;
      const h = heads[best]!;
      if (h.gi !== current) {
        current = h.gi;
        this.file.write(tsvSectionHead(this.keys[current]!, this.header));
      }
      // Drain this run while it stays in the current group.
      this.file.write(h.line);
      await next(best);
      while (heads[best] && heads[best]!.gi === current) {
        this.file.write(heads[best]!.line);
        await next(best);
      }
    }
  }
}
