/**
 * Benchmark (a script, not a test): `mailtrail unicorn` against LMG's MagicUnicorn_v1.py on the
 * same CrowdStrike CSV.
 *
 * 1. Generates the emulator's BEC scenario (victim mailbox, default scale 25 ≈ 790,000
 *    activities, ≈ 300 MB), sorted by TimeStamp as LMG's retriever fork wrote it, with
 *    CrowdStrikeCsvWriter (cached in the temp directory between runs).
 * 2. Times `node bin/mailtrail.mjs unicorn -i CSV -o DIR -t bench` in a child process (the
 *    built CLI: `npm run build` first) and its peak RSS (GNU time, when installed).
 * 3. If given the path of MagicUnicorn_v1.py (obtain it yourself, e.g. from
 *    github.com/LMGsec/Magic-Unicorn-Tool, into /tmp; it is not part of this repository), runs it
 *    with python3 on the same file and prints both times and the ratio.
 *
 * Each run also reports its CPU time (user + sys, from GNU time) and the load average before it:
 * the machine is often shared, and CPU time is what the load disturbs least (mailtrail uses a
 * second thread, so its CPU time can exceed its wall time on an idle machine).
 *
 * Usage: node --import tsx bench/unicorn-vs-magic-unicorn.ts [--scale 25] [--repeat 3]
 *   [--magic-unicorn /tmp/mu/MagicUnicorn_v1.py] [--mailtrail-root DIR (another build's
 *   checkout, holding bin/mailtrail.mjs and dist/, to compare versions)]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateScenarioChunks } from '../src/emulator/index.js';
import type { Activity } from '../src/sources/activities-api/activity.js';
import { CrowdStrikeCsvWriter } from '../src/sources/activities-files/crowdstrike-csv-writer.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(arg('--scale') ?? 25);
const magicUnicorn = arg('--magic-unicorn');
const root = resolve(import.meta.dirname, '..');
const mailtrailRoot = resolve(arg('--mailtrail-root') ?? root);
const csv = join(tmpdir(), `mailtrail-bench-unicorn-${scale}.csv`);

if (!existsSync(csv)) {
  const t = performance.now();
  const victim: Activity[] = [];
  let mailbox: string | null = null;
  for (const chunk of generateScenarioChunks({ seed: 1, scale })) {
    mailbox ??= chunk.mailbox;
    if (chunk.mailbox === mailbox) victim.push(...chunk.activities);
  }
  victim.sort((a, b) => (a.TimeStamp < b.TimeStamp ? -1 : a.TimeStamp > b.TimeStamp ? 1 : 0));
  const w = CrowdStrikeCsvWriter.toFile(csv, { bom: false });
  for (const a of victim) await w.write(a);
  await w.end();
  console.log(
    `generated ${victim.length} activities of ${mailbox}, ${(statSync(csv).size / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s: ${csv}`,
  );
} else console.log(`using ${csv} (${(statSync(csv).size / 1e6).toFixed(1)} MB)`);

const hasGnuTime = existsSync('/usr/bin/time');
interface Run {
  seconds: number;
  cpu: number | null;
  peakMb: number | null;
  load: number;
  status: number | null;
}
function timed(cmd: string, argv: string[]): Run {
  const full = hasGnuTime ? ['/usr/bin/time', ['-f', '%U %S %M', cmd, ...argv]] : [cmd, argv];
  const load = loadavg()[0]!;
  const t = performance.now();
  const r = spawnSync(full[0] as string, full[1] as string[], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t) / 1000;
  const m = hasGnuTime ? /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr) : null;
  if (r.status !== 0) process.stderr.write(r.stderr);
  return {
    seconds,
    cpu: m ? Number(m[1]) + Number(m[2]) : null,
    peakMb: m ? Number(m[3]) / 1024 : null,
    load,
    status: r.status,
  };
}

const out = join(tmpdir(), `mailtrail-bench-unicorn-out`);
rmSync(out, { recursive: true, force: true });
if (!existsSync(join(mailtrailRoot, 'dist/cli/run.js'))) throw new Error('build first: npm run build');
const repeat = Number(arg('--repeat') ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (r: Run) =>
  `${r.seconds.toFixed(2)} s (cpu ${r.cpu === null ? 'n/a' : `${r.cpu.toFixed(2)} s`}) / ` +
  `${r.peakMb === null ? 'n/a' : `${r.peakMb.toFixed(0)} MB`} [load ${r.load.toFixed(1)}]`;
// Other jobs share the machine: the two tools run interleaved, so each ratio compares runs made
// under the same load, and the medians are reported.
const mt: Run[] = [];
const mu: Run[] = [];
const muOut = join(tmpdir(), 'mailtrail-bench-magic-unicorn-out') + '/';
if (magicUnicorn) mkdirSync(muOut, { recursive: true });
for (let i = 0; i < repeat; i++) {
  const bin = join(mailtrailRoot, 'bin/mailtrail.mjs');
  mt.push(timed(process.execPath, [bin, 'unicorn', '-i', csv, '-o', out, '-t', 'bench']));
  if (magicUnicorn) mu.push(timed('python3', [magicUnicorn, '-i', csv, '-t', 'bench', '-o', muOut]));
  console.log(
    `run ${i + 1}: mailtrail ${fmt(mt[i]!)}` +
      (magicUnicorn
        ? `; MagicUnicorn_v1.py ${fmt(mu[i]!)}${mu[i]!.status === 0 ? '' : ` (exit ${mu[i]!.status})`}; ` +
          `ratio ${(mu[i]!.seconds / mt[i]!.seconds).toFixed(1)}×` +
          (mu[i]!.cpu && mt[i]!.cpu ? ` (CPU time ${(mu[i]!.cpu! / mt[i]!.cpu!).toFixed(1)}×)` : '')
        : ''),
  );
}
const mtMed = median(mt.map((r) => r.seconds));
const mtPeak = Math.max(...mt.map((r) => r.peakMb ?? 0));
console.log(
  `mailtrail unicorn: median ${mtMed.toFixed(2)} s (${mt.map((r) => r.seconds.toFixed(2)).join(' / ')}), ` +
    `peak RSS max ${mtPeak ? `${mtPeak.toFixed(0)} MB` : 'n/a'}`,
);
if (magicUnicorn) {
  const muMed = median(mu.map((r) => r.seconds));
  const ratios = mu.map((r, i) => r.seconds / mt[i]!.seconds);
  console.log(
    `MagicUnicorn_v1.py: median ${muMed.toFixed(2)} s (${mu.map((r) => r.seconds.toFixed(2)).join(' / ')})`,
  );
  console.log(
    `ratio: median of per-run ratios ${median(ratios).toFixed(1)}× (${ratios.map((r) => r.toFixed(1)).join(' / ')}); ratio of medians ${(muMed / mtMed).toFixed(1)}×`,
  );
  if (mt.every((r) => r.cpu) && mu.every((r) => r.cpu)) {
    const cpuRatios = mu.map((r, i) => r.cpu! / mt[i]!.cpu!);
    console.log(
      `CPU time: mailtrail median ${median(mt.map((r) => r.cpu!)).toFixed(2)} s, MagicUnicorn_v1.py median ${median(mu.map((r) => r.cpu!)).toFixed(2)} s; median of per-run ratios ${median(cpuRatios).toFixed(1)}×`,
    );
  }
} else console.log('(pass --magic-unicorn PATH to compare with MagicUnicorn_v1.py)');
