// Runs every *.test.ts under src/ and test/ with node:test (TypeScript through tsx), prints the
// spec report, and closes with the line CI reads: "N passed, N failed".
// Usage: node scripts/run-tests.mjs [substring filter ...]
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = [...collect(join(root, 'src'), []), ...collect(join(root, 'test'), [])]
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)))
  .sort();

// Node 20's run() has no execArgv option; children inherit the environment instead.
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({
  files,
  concurrency: Math.max(2, availableParallelism()),
  timeout: 5 * 60_000,
});
stream.on('test:pass', (e) => {
  if (e.details?.type === 'suite') return;
  if (e.skip || e.todo) skipped++;
  else passed++;
});
stream.on('test:fail', (e) => {
  if (e.details?.type === 'suite' && e.details?.error?.failureType !== 'hookFailed') return;
  failed++;
});
stream.compose(spec).pipe(process.stdout);
stream.on('end', () => {
  // Let the spec reporter flush before the closing line.
  globalThis.setImmediate(() => {
    if (files.length === 0) failed++;
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
    process.exitCode = failed > 0 ? 1 : 0;
  });
});
