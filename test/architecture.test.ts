/**
 * Enforces the layer rules of docs/dev/architecture.md: which layer may import which. A violation
 * names the file and the import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** Layer of a file: its first folder under src/ ('' for top-level files). */
function layerOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length === 1 ? rel[0]!.replace(/\.[jt]s$/, '') : rel[0]!;
}

/** Which layers each layer may import (besides itself). Top-level files: errors, version, index. */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  errors: [],
  version: [],
  sources: ['model', 'errors', 'version'],
  store: ['model', 'errors', 'version'],
  analyses: ['model', 'errors'],
  report: ['model', 'errors', 'version'],
  emulator: ['model', 'errors', 'sources', 'version'],
  case: ['model', 'errors', 'version', 'sources', 'store', 'analyses', 'report', 'emulator'],
  cli: ['case', 'errors', 'version', 'model', 'index', 'emulator'],
  index: ['model', 'errors', 'version', 'sources', 'store', 'analyses', 'report', 'case', 'emulator'],
};

/** Node built-ins a pure layer must not touch (I/O and the clock belong at the edges). */
const PURE_FORBIDDEN_NODE = /^node:(fs|fs\/promises|http|https|net|child_process|worker_threads)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2])!);
  return specs;
}

test('every src import respects the layer rules', () => {
  const violations: string[] = [];
  for (const file of walk(SRC)) {
    const from = layerOf(file);
    const allowed = ALLOWED[from];
    if (!allowed) {
      violations.push(`${relative(SRC, file)}: layer '${from}' is not declared in the architecture rules`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const spec of importsOf(text)) {
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        if (target !== from && !allowed.includes(target)) {
          violations.push(
            `${relative(SRC, file)} imports ${spec} (layer '${target}'); '${from}' may import: ${allowed.join(', ') || 'nothing'}`,
          );
        }
      } else if ((from === 'model' || from === 'analyses') && PURE_FORBIDDEN_NODE.test(spec)) {
        violations.push(`${relative(SRC, file)} imports ${spec}; '${from}' must stay free of I/O`);
      }
    }
    if (from === 'analyses' && /Date\.now\(\)|new Date\(\)/.test(text)) {
      violations.push(`${relative(SRC, file)} reads the clock; analyses must be pure`);
    }
  }
  assert.deepEqual(violations, []);
});

test('the layer check itself catches a forbidden import', () => {
  const specs = importsOf(
    "import { x } from '../store/index.js';\nexport { y } from './a.js';\nconst m = await import('../report/html.js');",
  );
  assert.deepEqual(specs, ['../store/index.js', './a.js', '../report/html.js']);
  const target = layerOf(resolve(SRC, 'model', '../store/index.js'));
  assert.equal(target, 'store');
  assert.ok(!ALLOWED.model!.includes(target));
});
