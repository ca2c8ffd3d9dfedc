/**
 * Schema checks for activities in a data set. Builds on the shared `activityProblems()` (the
 * importers' tolerance rules) and adds what the emulator needs to serve a record: a TimeStamp it
 * can sort, and string-typed optional fields. Each problem starts with a path suffix
 * (`.TimeStamp`, `.CustomProperties[3].Name`) so the caller can prefix the record's path.
 *
 * @module
 */
import { activityProblems } from '../../sources/activities-api/activity.js';
import { parseTimeKey } from '../store/timestamp-key.js';

/** Problems of one record, each as `<.path> <what is wrong>`; empty when servable. */
export function datasetProblems(value: unknown): string[] {
  const shared = activityProblems(value).map((p) =>
    p === 'record is not a JSON object' ? `: ${p}` : `.${p}`,
  );
  if (shared.length > 0) return shared;
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  const ts = parseTimeKey(r.TimeStamp as string, false);
  if (ts.problem)
    problems.push(`.TimeStamp ${JSON.stringify(r.TimeStamp)} is not a usable date-time: ${ts.problem}`);
  if (r.Id !== undefined && (typeof r.Id !== 'string' || r.Id === ''))
    problems.push('.Id is not a non-empty string');
  return problems;
}
