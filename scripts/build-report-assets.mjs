// Bundles the HTML report's script (uPlot + src/report/html/client) and stylesheet into
// dist/report-assets/, after tsc has compiled dist/. The report inlines them, so a built
// mailtrail needs neither esbuild nor uplot at run time. Run by `npm run build`.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const { bundleHtmlAssets, ASSET_DIR, ASSET_FILES } = await import('../dist/report/html/assets.js');
const assets = await bundleHtmlAssets();
await mkdir(ASSET_DIR, { recursive: true });
for (const key of /** @type {const} */ (['js', 'css'])) {
  const path = join(ASSET_DIR, ASSET_FILES[key]);
  await writeFile(`${path}.tmp`, assets[key]);
  await rename(`${path}.tmp`, path);
}
console.log(`report assets: ${ASSET_DIR} (script ${assets.js.length} B, style ${assets.css.length} B)`);
