/**
 * The one way readers in this folder turn a bad record into a {@link ReadItem}: the issue keeps
 * the offending text (shortened only when huge), so nothing is dropped without a trace.
 *
 * @module
 */
import type { Issue, IssueSeverity, Locator } from '../../model/issue.js';
import type { ReadItem } from './types.js';

/** Issue texts longer than this are shortened (the record's hash still covers all of it). */
export const MAX_ISSUE_RAW_CHARS = 64 * 1024;

/** Builds an issue item, shortening very long raw text. */
export function issue(
  code: string,
  severity: IssueSeverity,
  locator: Locator,
  message: string,
  raw?: string,
): ReadItem {
  const shortened =
    raw !== undefined && raw.length > MAX_ISSUE_RAW_CHARS
      ? `${raw.slice(0, MAX_ISSUE_RAW_CHARS)}…[shortened]`
      : raw;
  const it: Issue = {
    code,
    severity,
    message,
    locator,
    ...(shortened !== undefined ? { raw: shortened } : {}),
  };
  return { type: 'issue', issue: it };
}
