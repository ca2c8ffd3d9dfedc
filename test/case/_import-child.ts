/** Child process for crash tests: imports argv[3] into the case argv[2], printing each progress phase. */
import { importFiles, initCase, openCase } from '../../src/case/index.js';
import { existsSync } from 'node:fs';

const [dir, file] = process.argv.slice(2) as [string, string];
const handle = existsSync(dir) ? await openCase(dir) : await initCase(dir);
let last = '';
await importFiles(handle, [file], {
  onProgress: (p) => {
    if (p.phase !== last || p.records % 10_000 === 0) process.stdout.write(`${p.phase} ${p.records}\n`);
    last = p.phase;
  },
});
await handle.close();
process.stdout.write('done\n');
