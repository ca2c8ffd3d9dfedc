/**
 * The built-in BEC scenario: about six months (2018-01-08 … 2018-07-05) of an accounts-payable
 * clerk's mailbox with an intrusion in it, plus a colleague's mailbox as a clean control.
 * Deterministic: the same seed and scale give byte-identical data; nothing reads the clock or
 * `Math.random`. `scale` multiplies the volume (1 ≈ 30,000 activities for the victim; 25 ≈ one
 * million in all) but not the intrusion, which stays the same needle in a bigger haystack.
 *
 * @module
 */
import { UsageError } from '../../errors.js';
import type { Activity } from '../../sources/activities-api/activity.js';
import type { Dataset, DatasetChunk } from '../dataset/types.js';
import { Rng } from '../prng.js';
import { PERIOD_END, PERIOD_START, iso, periodDays } from './calendar.js';
import { buildAuditIntrusion } from './audit-intrusion.js';
import { buildIntrusion } from './intrusion.js';
import { ownerDay, type MailboxProfile } from './owner-day.js';
import type { ScenarioTruth } from './truth.js';
import { COLLEAGUE, COLLEAGUE_OFFICE_IP, OFFICE_IP, VICTIM } from './vocabulary.js';

export interface ScenarioOptions {
  /** PRNG seed (an integer ≥ 0). */
  readonly seed: number;
  /** Volume multiplier (> 0, ≤ 100); default 1. */
  readonly scale?: number;
}

/** The scenario's mailboxes, victim first (also drives the audit-log scenario). */
export const PROFILES: readonly MailboxProfile[] = [
  { upn: VICTIM, officeIp: OFFICE_IP, deliveriesPerWorkday: 70, owaSessionsPerWorkday: 0.35 },
  { upn: COLLEAGUE, officeIp: COLLEAGUE_OFFICE_IP, deliveriesPerWorkday: 30, owaSessionsPerWorkday: 0.1 },
];

function checked(options: ScenarioOptions): { seed: number; scale: number } {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(options.seed) || options.seed < 0)
    throw new UsageError(`[emulate] The scenario seed must be a whole number ≥ 0, not ${options.seed}.`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new UsageError(`[emulate] The scenario scale must be > 0 and ≤ 100, not ${scale}.`);
  return { seed: options.seed, scale };
}

/** Validates scenario options (seed ≥ 0, 0 < scale ≤ 100); the audit scenario shares it. */
export { checked as checkScenarioOptions };

/**
 * Streams the scenario one mailbox-day at a time (victim first), so that even scale 25 is written
 * or loaded with bounded memory.
 */
export function* generateScenarioChunks(options: ScenarioOptions): Generator<DatasetChunk> {
  const { seed, scale } = checked(options);
  const root = new Rng(seed);
  for (const profile of PROFILES) {
    for (const day of periodDays()) {
      yield {
        mailbox: profile.upn,
        activities: ownerDay(root.fork(`${profile.upn}|${day}`), day, profile, scale).out,
      };
    }
    if (profile.upn === VICTIM)
      yield { mailbox: VICTIM, activities: buildIntrusion(root.fork('intrusion'), VICTIM).activities };
  }
}

/** The ground truth of a scenario, without generating its volume. */
export function scenarioTruth(options: ScenarioOptions): ScenarioTruth {
  const { seed, scale } = checked(options);
  const plot = buildIntrusion(new Rng(seed).fork('intrusion'), VICTIM);
  return {
    scenario: 'bec',
    seed,
    scale,
    mailboxes: PROFILES.map((p) => p.upn),
    period: { start: iso(PERIOD_START), end: iso(PERIOD_END) },
    ...plot.truth,
    audit: buildAuditIntrusion(new Rng(seed).fork('audit|intrusion'), plot).truth,
  };
}

/** The whole scenario in memory, with its ground truth. Prefer the chunks for large scales. */
export function generateScenario(options: ScenarioOptions): { dataset: Dataset; truth: ScenarioTruth } {
  const mailboxes: Record<string, Activity[]> = {};
  for (const chunk of generateScenarioChunks(options))
    (mailboxes[chunk.mailbox] ??= []).push(...chunk.activities);
  return { dataset: { mailboxes }, truth: scenarioTruth(options) };
}
