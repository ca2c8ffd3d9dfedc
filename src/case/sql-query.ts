/**
 * `mailtrail sql`: runs one statement of the analyst's on a sandboxed, read-only connection, so
 * no statement can change the case or touch other files, whatever it says. Refusals and SQL
 * errors become FormatErrors (exit 2) that quote DuckDB's message.
 *
 * @module
 */
import { FormatError } from '../errors.js';
import type { QueryStream } from '../store/index.js';
import { openCase } from './open-case.js';

export interface SqlResult extends QueryStream {
  close(): Promise<void>;
}

export async function runSql(dir: string, sql: string): Promise<SqlResult> {
  const handle = await openCase(dir, { sandbox: true });
  try {
    const result = await handle.store.stream(sql);
    return { ...result, close: () => handle.close() };
  } catch (err) {
    await handle.close();
    const message = (err as Error).message;
    if (
      /read-only mode|read only|file system operations are disabled|lock_configuration|configuration has been locked/i.test(
        message,
      )
    ) {
      throw new FormatError(
        `[sql] Only read-only queries are allowed: the case is opened read-only and without file access (${firstLine(message)})`,
        { cause: err },
      );
    }
    throw new FormatError(`[sql] ${firstLine(message)}`, { cause: err });
  }
}

const firstLine = (s: string) => (s.split('\n')[0] ?? s).replace(/^Failed to extract statements: /, '');
