/**
 * Benchmark (a script, not a test): the full investigation report of a case at scale,
 * `mailtrail report --case DIR --format json,html` (the two-pass investigation, GeoIP, the
 * report document, report.json and report.html), its wall time, CPU time and peak RSS.
 *
 * 1. Uses the emulator's victim-mailbox CSV that bench/unicorn-vs-magic-unicorn.ts writes (scale
 *    25 ≈ 793,000 activities, ≈ 300 MB; run that bench once first, or pass --csv FILE) and
 *    imports it into a case in the temp directory (cached between runs).
 * 2. Runs `node bin/mailtrail.mjs report --case CASE --out DIR --format FORMATS` in a child
 *    process under GNU time, `--repeat` times; with `--baseline-root DIR` (another build's
 *    checkout, holding bin/mailtrail.mjs and dist/), runs it too, interleaved, and checks that
 *    both wrote the same report.json apart from meta.generatedAt.
 *
 * Each run prints the load average before it: the machine is often shared, and CPU time is what
 * the load disturbs least.
 *
 * Usage: node --import tsx bench/report-scale.ts [--scale 25] [--csv FILE] [--repeat 1]
 *   [--formats json,html] [--baseline-root DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = Number(arg('--scale') ?? 25);
const csv = resolve(arg('--csv') ?? join(tmpdir(), `mailtrail-bench-unicorn-${scale}.csv`));
const formats = arg('--formats') ?? 'json,html';
const repeat = Number(arg('--repeat') ?? 1);
const root = resolve(import.meta.dirname, '..');
const baselineRoot = arg('--baseline-root');
const caseDir = join(tmpdir(), `mailtrail-bench-report-case-${scale}`);

if (!existsSync(csv))
  throw new Error(`${csv} is missing: run bench/unicorn-vs-magic-unicorn.ts first, or pass --csv FILE`);
for (const r of [root, ...(baselineRoot ? [resolve(baselineRoot)] : [])])
  if (!existsSync(join(r, 'dist/cli/run.js'))) throw new Error(`build first: npm run build (in ${r})`);

const hasGnuTime = existsSync('/usr/bin/time');
interface Run {
  seconds: number;
  cpu: number | null;
  peakMb: number | null;
  load: number;
}
function timed(argv: string[]): Run {
  const cmd = hasGnuTime ? '/usr/bin/time' : process.execPath;
  const full = hasGnuTime ? ['-f', '%U %S %M', process.execPath, ...argv] : argv;
  const load = loadavg()[0]!;
  const t = performance.now();
  const r = spawnSync(cmd, full, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`${argv.join(' ')} exited ${r.status}`);
  }
  const m = hasGnuTime ? /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr) : null;
  return {
    seconds,
    cpu: m ? Number(m[1]) + Number(m[2]) : null,
    peakMb: m ? Number(m[3]) / 1024 : null,
    load,
  };
}
const fmt = (r: Run) =>
  `${r.seconds.toFixed(1)} s (cpu ${r.cpu === null ? 'n/a' : `${r.cpu.toFixed(1)} s`}) / ` +
  `${r.peakMb === null ? 'n/a' : `${r.peakMb.toFixed(0)} MB`} [load ${r.load.toFixed(1)}]`;

if (!existsSync(join(caseDir, 'case.duckdb'))) {
  const r = timed([join(root, 'bin/mailtrail.mjs'), 'import', '--case', caseDir, '-q', csv]);
  console.log(`imported ${csv} into ${caseDir}: ${fmt(r)}`);
} else
  console.log(
    `using ${caseDir} (${(statSync(join(caseDir, 'case.duckdb')).size / 1e6).toFixed(0)} MB store)`,
  );

const reportOf = (out: string) =>
  readFileSync(join(out, 'report.json'), 'utf8').replace(/"generatedAt": "[^"]*"/, '"generatedAt": ""');
const builds = [
  { name: 'this build', root },
  ...(baselineRoot ? [{ name: 'baseline', root: resolve(baselineRoot) }] : []),
];
for (let i = 0; i < repeat; i++) {
  const outs: string[] = [];
  for (const b of builds) {
    const out = join(tmpdir(), `mailtrail-bench-report-out-${b === builds[0] ? 'new' : 'base'}`);
    rmSync(out, { recursive: true, force: true });
    const r = timed([
      join(b.root, 'bin/mailtrail.mjs'),
      'report',
      '--case',
      caseDir,
      '--out',
      out,
      '--format',
      formats,
    ]);
    console.log(`run ${i + 1}, ${b.name}: report --format ${formats}: ${fmt(r)}`);
    outs.push(out);
  }
  if (outs.length === 2 && formats.split(',').includes('json'))
    console.log(
      reportOf(outs[0]!) === reportOf(outs[1]!)
        ? 'report.json: identical (apart from meta.generatedAt)'
        : 'report.json: DIFFERENT',
    );
}
