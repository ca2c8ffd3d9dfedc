/**
 * Reads a `--data` file, `{"mailboxes": {"upn": [activity, …]}}`, without building one giant
 * string: a file of a million activities is larger than V8's longest string. The outer structure
 * is walked byte by byte in a Buffer and each activity is parsed on its own, so memory stays at
 * the file's bytes plus one record. Any problem is a {@link FormatError} naming the file and
 * either a line and column (syntax) or a JSON path such as `mailboxes["a@x"][12].TimeStamp`
 * (schema).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { FormatError } from '../../errors.js';
import type { Activity } from '../../sources/activities-api/activity.js';
import { jsonErrorIndex, lineColumn, syntaxMessage } from './json-position.js';
import { datasetProblems } from './validate-activity.js';

/** Receives each valid activity with its mailbox key as written in the file. */
export type ActivitySink = (mailbox: string, activity: Activity) => void;

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Reads and validates `path`, handing every activity to `sink`. Returns the mailbox keys. */
export async function readDatasetFile(path: string, sink: ActivitySink): Promise<string[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new FormatError(`[emulate] Cannot read the data file ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return new DatasetScanner(path, buf, sink).run();
}

class DatasetScanner {
  private i = 0;
  constructor(
    private readonly path: string,
    private readonly buf: Buffer,
    private readonly sink: ActivitySink,
  ) {
    // A UTF-8 byte order mark is not JSON, but editors write it; skip it.
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.i = 3;
  }

  run(): string[] {
    let mailboxes: string[] | null = null;
    this.expect(0x7b, "'{' to open the data set object");
    this.objectMembers('the data set object', (key) => {
      if (key === 'mailboxes') mailboxes = this.mailboxes();
      else this.parseValueAt(); // other top-level members are allowed and ignored
    });
    this.ws();
    if (this.i < this.buf.length) this.syntax(this.i, 'unexpected text after the data set object');
    if (mailboxes === null) throw this.schema('the top-level object has no "mailboxes" member', 0);
    return mailboxes;
  }

  private mailboxes(): string[] {
    const start = this.ws();
    this.expect(0x7b, '\'{\' to open "mailboxes" (an object of UPN → activity list)');
    const seen = new Map<string, string>();
    this.objectMembers('"mailboxes"', (upn, keyAt) => {
      const base = `mailboxes[${JSON.stringify(upn)}]`;
      if (upn.trim() === '') throw this.schema(`${base}: the mailbox key is empty`, keyAt);
      const lower = upn.toLowerCase();
      if (seen.has(lower))
        throw this.schema(
          `${base}: the mailbox is listed twice (UPNs are case-insensitive; also ${JSON.stringify(seen.get(lower))})`,
          keyAt,
        );
      seen.set(lower, upn);
      const listAt = this.ws();
      if (this.buf[listAt] !== 0x5b) throw this.schema(`${base} is not an array of activities`, listAt);
      this.i++;
      let index = 0;
      if (this.peekAfterWs() === 0x5d) return void this.i++;
      for (;;) {
        const at = this.ws();
        const value = this.parseValueAt();
        const problems = datasetProblems(value);
        if (problems.length > 0) {
          throw this.schema(problems.map((p) => `${base}[${index}]${p}`).join('; '), at);
        }
        this.sink(upn, value as Activity);
        index++;
        const sep = this.peekAfterWs();
        this.i++;
        if (sep === 0x5d) return;
        if (sep !== 0x2c) this.syntax(this.i - 1, `expected ',' or ']' after ${base}[${index - 1}]`);
      }
    });
    if (seen.size === 0)
      throw this.schema('"mailboxes" is empty: the data set needs at least one mailbox', start);
    return [...seen.values()];
  }

  /** Walks `"key": value` pairs until `}`; `onMember` must consume the value. */
  private objectMembers(what: string, onMember: (key: string, keyAt: number) => void): void {
    if (this.peekAfterWs() === 0x7d) return void this.i++;
    for (;;) {
      const keyAt = this.ws();
      if (this.buf[keyAt] !== 0x22) this.syntax(keyAt, `expected a quoted member name in ${what}`);
      const key = this.parseValueAt() as string;
      this.expect(0x3a, `':' after the member name ${JSON.stringify(key)}`);
      onMember(key, keyAt);
      const sep = this.peekAfterWs();
      this.i++;
      if (sep === 0x7d) return;
      if (sep !== 0x2c) this.syntax(this.i - 1, `expected ',' or '}' in ${what}`);
    }
  }

  /** Finds the end of the JSON value at the cursor and parses just that slice. */
  private parseValueAt(): unknown {
    const start = this.ws();
    const b = this.buf;
    let i = start;
    let depth = 0;
    let inString = false;
    for (; i < b.length; i++) {
      const c = b[i] as number;
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) {
          inString = false;
          if (depth === 0) {
            i++;
            break;
          }
        }
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) break;
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && (c === 0x2c || WS.has(c))) break;
    }
    const text = b.toString('utf8', start, i);
    this.i = i;
    try {
      return JSON.parse(text);
    } catch (err) {
      const index = Math.max(0, jsonErrorIndex(text));
      this.syntax(start + Buffer.byteLength(text.slice(0, index)), syntaxMessage(err));
    }
  }

  private ws(): number {
    while (this.i < this.buf.length && WS.has(this.buf[this.i] as number)) this.i++;
    return this.i;
  }

  private peekAfterWs(): number | undefined {
    return this.buf[this.ws()];
  }

  private expect(byte: number, what: string): void {
    const at = this.ws();
    if (this.buf[at] !== byte) this.syntax(at, `expected ${what}`);
    this.i++;
  }

  private where(offset: number): string {
    const { line, column } = lineColumn(this.buf, offset);
    return `line ${line}, column ${column}`;
  }

  private syntax(offset: number, message: string): never {
    const found =
      offset >= this.buf.length
        ? 'the file ended'
        : `found ${JSON.stringify(this.buf.toString('utf8', offset, offset + 1))}`;
    throw new FormatError(
      `[emulate] The data file ${this.path} is not valid JSON at ${this.where(offset)}: ${message} (${found}).`,
    );
  }

  private schema(message: string, offset: number): FormatError {
    return new FormatError(
      `[emulate] The data file ${this.path} has a bad record at ${this.where(offset)}: ${message}.`,
    );
  }
}
