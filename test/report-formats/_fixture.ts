/**
 * A real case for the report-format tests: the emulator's BEC scenario (small scale) written as
 * an emulator data set, imported into a new case, with hostile values injected into messages
 * the intruder read and into one of the intruder's searches:
 * - a subject that is an HTML injection (`<img src=x onerror=alert(1)>`),
 * - a subject that is a spreadsheet formula (`=HYPERLINK(…)`),
 * - a search keystroke that is a script tag.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateScenario, writeDataset } from '../../src/emulator/index.js';
import { importFiles, initCase, openCase } from '../../src/case/index.js';
import type { MailboxEvent } from '../../src/model/event.js';

export const XSS_SUBJECT = '<img src=x onerror=alert(1)>';
export const FORMULA_SUBJECT = '=HYPERLINK("http://evil.example/x","Invoice")';
export const XSS_QUERY = '"><script>alert(2)</script>';

export interface Fixture {
  readonly dir: string;
  readonly caseDir: string;
  readonly victim: string;
  readonly attackerIps: readonly string[];
}

export async function buildCase(seed = 3, scale = 0.15): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'mt-formats-'));
  const { dataset, truth } = generateScenario({ seed, scale });
  const victim = dataset.mailboxes[truth.victim]!;
  const [first, second] = truth.attacker.readInternetMessageIds;
  let injected = 0;
  for (const a of victim) {
    if (a.ActivityIdType !== 'MessageDelivered') continue;
    const id = a.CustomProperties.find((p) => p.Name === 'InternetMessageId')?.Value;
    const subject = a.CustomProperties.find((p) => p.Name === 'Subject');
    if (!subject) continue;
    if (id !== first && id !== second) continue;
    subject.Value = id === first ? XSS_SUBJECT : FORMULA_SUBJECT;
    injected++;
  }
  const keystroke = victim.find(
    (a) =>
      a.ActivityIdType === 'SearchSuggestionsDisplay' &&
      a.TimeStamp.startsWith('2018-06-12') &&
      a.CustomProperties.some((p) => p.Name === 'SuggestionStimulus'),
  );
  if (injected !== 2 || !keystroke) throw new Error('fixture: nothing to inject into');
  keystroke.CustomProperties.find((p) => p.Name === 'SuggestionStimulus')!.Value = XSS_QUERY;
  const data = join(dir, 'scenario.json');
  await writeDataset(data, dataset);
  const caseDir = join(dir, 'case');
  const kase = await initCase(caseDir);
  try {
    await importFiles(kase, [data]);
  } finally {
    await kase.close();
  }
  return { dir, caseDir, victim: truth.victim, attackerIps: truth.attacker.ips };
}

/** Every event of the case, in store order (time, id). */
export async function caseEvents(caseDir: string): Promise<MailboxEvent[]> {
  const kase = await openCase(caseDir, { readOnly: true });
  try {
    const out: MailboxEvent[] = [];
    for await (const e of kase.store.readEvents()) out.push(e);
    return out;
  } finally {
    await kase.close();
  }
}

export const FIXED_NOW = () => new Date('2026-01-02T03:04:05.678Z');
