/**
 * `mailtrail case verify DIR [--json]`: re-hash every evidence file. Exit 4 on any missing,
 * changed or unlisted file.
 *
 * @module
 */
import { Command } from '@commander-js/extra-typings';
import { EvidenceError } from '../../errors.js';
import type { CliIo } from '../_io.js';
import { progressLine } from '../_progress.js';

export function caseVerifyCommand(io: CliIo) {
  return new Command('verify')
    .description('Re-hash every evidence file; report missing, changed and unlisted files (exit 4)')
    .argument('<dir>', 'case directory')
    .option('--json', 'machine-readable output')
    .action(async (dir, opts) => {
      const { verifyCase } = await import('../../case/index.js');
      const progress = progressLine(io, opts.json === true);
      const r = await verifyCase(dir, (p) => progress.update(`verifying ${p}`));
      progress.done();
      if (opts.json) io.stdout.write(JSON.stringify(r, null, 2) + '\n');
      else {
        const lines: string[] = [];
        for (const p of r.missing) lines.push(`MISSING   ${p}`);
        for (const c of r.changed)
          lines.push(`CHANGED   ${c.path} (sha256 ${c.actual}, manifest says ${c.expected})`);
        for (const p of r.unlisted)
          lines.push(`UNLISTED  ${p} (in the evidence folder but not in manifest.json)`);
        if (r.ok) lines.push(`all ${r.checked} evidence files verified`);
        else lines.push(`${r.verified} of ${r.checked} evidence files verified`);
        io.stdout.write(lines.join('\n') + '\n');
      }
      if (!r.ok) {
        const problems = [
          r.missing.length ? `${r.missing.length} missing` : '',
          r.changed.length ? `${r.changed.length} changed` : '',
          r.unlisted.length ? `${r.unlisted.length} unlisted` : '',
        ].filter(Boolean);
        const first = r.changed[0]?.path ?? r.missing[0] ?? r.unlisted[0];
        throw new EvidenceError(`[case] Evidence check failed: ${problems.join(', ')} (first: ${first})`);
      }
    });
}
