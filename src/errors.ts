/**
 * One error hierarchy for broken runs. Record-level problems are not thrown: they become
 * `Issue`s (see model/issue.ts). Messages follow `[component] what failed: where`.
 *
 * @module
 */

export type MailtrailErrorCode =
  'E_USAGE' | 'E_FORMAT' | 'E_SOURCE' | 'E_STORE' | 'E_CONFIG' | 'E_EVIDENCE' | 'E_INCOMPLETE' | 'E_INTERNAL';

export class MailtrailError extends Error {
  override name = 'MailtrailError';
  readonly code: MailtrailErrorCode;
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;

  constructor(
    code: MailtrailErrorCode,
    message: string,
    options: { cause?: unknown; exitCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad command-line use: the CLI prints the message and a hint to `--help`, exit 2. */
export class UsageError extends MailtrailError {
  override name = 'UsageError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_USAGE', message, { ...options, exitCode: 2 });
  }
}

/** Input that is not in the expected format (a file, a data set, a query). Exit 2. */
export class FormatError extends MailtrailError {
  override name = 'FormatError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_FORMAT', message, { ...options, exitCode: 2 });
  }
}

/** A remote source refused or failed. `url` never contains credentials. */
export class SourceError extends MailtrailError {
  override name = 'SourceError';
  readonly status: number | undefined;
  readonly url: string | undefined;
  constructor(message: string, options: { cause?: unknown; status?: number; url?: string } = {}) {
    super('E_SOURCE', message, options);
    this.status = options.status;
    this.url = options.url;
  }
}

/** The case store failed or refused (newer schema, locked, corrupt). */
export class StoreError extends MailtrailError {
  override name = 'StoreError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_STORE', message, options);
  }
}

/** Evidence integrity failure: a missing or changed evidence file. Exit 4. */
export class EvidenceError extends MailtrailError {
  override name = 'EvidenceError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_EVIDENCE', message, { ...options, exitCode: 4 });
  }
}

/** A run that could not complete and must not be presented as complete. Exit 3. */
export class IncompleteError extends MailtrailError {
  override name = 'IncompleteError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('E_INCOMPLETE', message, { ...options, exitCode: 3 });
  }
}

export function isMailtrailError(value: unknown): value is MailtrailError {
  return (
    value instanceof Error && typeof (value as { code?: unknown }).code === 'string' && 'exitCode' in value
  );
}
