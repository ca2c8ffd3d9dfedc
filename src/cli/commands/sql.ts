/**
 * `mailtrail sql DIR "SELECT ..." [--csv|--json]`: query a case with DuckDB SQL on a read-only,
 * sandboxed connection (docs/sql.md lists the tables and views).
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../_io.js';
import { writeSqlResult } from './sql-output.js';

export function sqlCommand(io: CliIo) {
  return new Command('sql')
    .description('Run a read-only SQL query on a case (tables and views: see docs/sql.md)')
    .argument('<dir>', 'case directory')
    .argument('<query>', 'one SQL statement, e.g. "SELECT kind, count(*) FROM events GROUP BY ALL"')
    .option('--csv', 'CSV output (RFC 4180)')
    .option('--json', 'JSON output: an array of objects')
    .addHelpText(
      'after',
      `
Output: a table on a terminal, otherwise tab-separated values (\\t, \\n, \\r and \\\\ escaped).
Timestamps are UTC. The case is opened read-only and without file access: statements that
would change it, or read or write other files, are refused.

Examples:
  mailtrail sql ./case "SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC"
  mailtrail sql ./case "SELECT * FROM sessions ORDER BY first_time" --csv > sessions.csv`,
    )
    .action(async (dir, query, opts) => {
      if (opts.csv && opts.json) throw new UsageError('[sql] choose one of --csv and --json');
      const { runSql } = await import('../../case/index.js');
      const result = await runSql(dir, query);
      try {
        const format = opts.csv ? 'csv' : opts.json ? 'json' : io.stdout.isTTY ? 'table' : 'tsv';
        await writeSqlResult(io.stdout, result, format);
      } finally {
        await result.close();
      }
    });
}
