/**
 * Checks rule definitions: ids are kebab-case and unique, levels and statuses are known, titles
 * and descriptions are present and descriptions are sentences. Returns problems as data.
 *
 * @module
 */
import { LEVELS, STATUSES, type RuleMeta } from './types.js';

export interface RuleProblem {
  readonly rule: string;
  readonly problem: string;
}

export function lintRules(rules: readonly RuleMeta[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    const add = (problem: string) => problems.push({ rule: r.id, problem });
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(r.id)) add('id must be kebab-case');
    if (seen.has(r.id)) add('id is used twice');
    seen.add(r.id);
    if (!(LEVELS as readonly string[]).includes(r.level))
      add(`unknown level ${JSON.stringify(r.level)}, must be: ${LEVELS.join(', ')}`);
    if (!(STATUSES as readonly string[]).includes(r.status))
      add(`unknown status ${JSON.stringify(r.status)}, must be: ${STATUSES.join(', ')}`);
    if (r.title.trim() === '') add('title is empty');
    if (r.title.length > 80) add('title is longer than 80 characters');
    if (r.description.trim().length < 40) add('description is missing or too short');
    else if (!/[.!?]$/.test(r.description.trim())) add('description must end with a full stop');
  }
  return problems;
}
