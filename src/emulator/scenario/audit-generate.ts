/**
 * The BEC scenario's Unified Audit Log records and Entra sign-ins: the same mailboxes, days and
 * intrusion as the Activities scenario (each mailbox-day is regenerated from the same forked
 * stream and mapped by {@link mapAuditChunk}), plus the audit-only acts of the intrusion and,
 * now and then, the owner adding an inbox rule from Outlook (UpdateInboxRules). Deterministic by
 * seed and scale; streamed one mailbox-day at a time.
 *
 * Volume: about 14,000 audit records and 800 sign-ins at scale 1, about 12,000 records more per
 * unit of `scale` (a million around scale 80), while the intrusion stays the same needle.
 *
 * @module
 */
import { Rng } from '../prng.js';
import { AuditFactory, type AuditData } from './audit-factory.js';
import { mapAuditChunk } from './audit-day.js';
import { buildAuditIntrusion } from './audit-intrusion.js';
import { isWeekend, periodDays } from './calendar.js';
import { checkScenarioOptions, PROFILES, type ScenarioOptions } from './generate.js';
import { buildIntrusion } from './intrusion.js';
import { ownerDay } from './owner-day.js';
import { VICTIM } from './vocabulary.js';

/** One mailbox-day (or the intrusion) of audit records and sign-ins. */
export interface AuditChunk {
  readonly records: readonly AuditData[];
  readonly signIns: readonly AuditData[];
}

const NO_ATTACKER: ReadonlySet<string> = new Set();

/** Streams the audit scenario (victim's days, the intrusion, then the colleague's days). */
export function* generateAuditChunks(options: ScenarioOptions): Generator<AuditChunk> {
  const { seed, scale } = checkScenarioOptions(options);
  const root = new Rng(seed);
  for (const profile of PROFILES) {
    for (const day of periodDays()) {
      const activities = ownerDay(root.fork(`${profile.upn}|${day}`), day, profile, scale).out;
      const f = new AuditFactory(root.fork(`audit|${profile.upn}|${day}`));
      const sessions = mapAuditChunk(f, activities, {
        mailbox: profile.upn,
        officeIp: profile.officeIp,
        attackerIps: NO_ATTACKER,
      });
      const desktop = sessions.find((s) => s.client.app === 'Outlook');
      if (desktop && !isWeekend(day) && f.rng.chance(0.03)) {
        f.updateInboxRules(
          desktop.started + f.rng.int(10, 300) * 60_000,
          desktop,
          profile.upn,
          'Newsletters',
          [{ ActionType: 'MoveToFolder', Folder: '\\Newsletters' }],
        );
      }
      yield { records: f.records, signIns: f.signIns };
    }
    if (profile.upn === VICTIM) {
      const plot = buildIntrusion(root.fork('intrusion'), VICTIM);
      const audit = buildAuditIntrusion(root.fork('audit|intrusion'), plot);
      yield { records: audit.records, signIns: audit.signIns };
    }
  }
}
