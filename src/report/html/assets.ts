/**
 * The HTML report's script and stylesheet. A built package reads them from
 * `dist/report-assets/` (written by scripts/build-report-assets.mjs during `npm run build`);
 * running from the TypeScript sources (tests, `tsx`), they are bundled on first use with
 * esbuild, so they always match the sources. Either way the result is cached per process.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MailtrailError } from '../../errors.js';
import type { HtmlAssets } from './index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FROM_SOURCE = import.meta.url.endsWith('.ts');
/** The package root: src/report/html or dist/report/html, three levels down. */
const ROOT = resolve(HERE, '../../..');
export const ASSET_DIR = join(ROOT, 'dist', 'report-assets');
export const ASSET_FILES = { js: 'report.js', css: 'report.css' } as const;

let cached: Promise<HtmlAssets> | null = null;

export function loadHtmlAssets(): Promise<HtmlAssets> {
  cached ??= load().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

async function load(): Promise<HtmlAssets> {
  const js = join(ASSET_DIR, ASSET_FILES.js);
  const css = join(ASSET_DIR, ASSET_FILES.css);
  if (!FROM_SOURCE && existsSync(js) && existsSync(css))
    return { js: await readFile(js, 'utf8'), css: await readFile(css, 'utf8') };
  try {
    return await bundleHtmlAssets();
  } catch (cause) {
    throw new MailtrailError(
      'E_CONFIG',
      `[report] The HTML report's script is missing (${js}) and cannot be bundled here: run npm run build`,
      { cause },
    );
  }
}

/** Bundles the client script with uPlot (esbuild, one minified IIFE) and joins the stylesheets. */
export async function bundleHtmlAssets(): Promise<HtmlAssets> {
  const esbuild = await import('esbuild');
  const client = join(ROOT, 'src', 'report', 'html', 'client');
  const out = await esbuild.build({
    entryPoints: [join(client, 'report-client.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    legalComments: 'inline',
    write: false,
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]!.text;
  const uplotCss = await readFile(join(ROOT, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), 'utf8');
  const css = `${uplotCss.trim()}\n${await readFile(join(client, 'report.css'), 'utf8')}`;
  return { js, css };
}
