/**
 * Parquet: the normalized events as a Hive-partitioned dataset
 * (`events.parquet/mailbox=<mailbox>/day=YYYY-MM-DD/data_0.parquet`), one column per store
 * column (docs/sql.md: `time` a UTC TIMESTAMP, `properties`/`raw`/`locator` JSON), plus `day`.
 * The partition columns are also written inside the files, so each file stands alone. DuckDB
 * writes it (`COPY … (FORMAT parquet, PARTITION_BY (mailbox, day))`); this module only builds
 * the statement — running it belongs to the case layer.
 *
 * @module
 */

/** Name of the dataset directory in the output directory. */
export const PARQUET_DIR = 'events.parquet';

/** A SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The COPY statement writing the rows of `source` (a table or a parenthesised SELECT with the
 * `events` columns) to `dir`, partitioned by mailbox and UTC day, ordered by (time, id).
 */
export function parquetCopySql(source: string, dir: string): string {
  return (
    `COPY (SELECT *, strftime(time, '%Y-%m-%d') AS day FROM ${source} ORDER BY time, id) ` +
    `TO ${sqlString(dir)} (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (mailbox, day), ` +
    `WRITE_PARTITION_COLUMNS true)`
  );
}
