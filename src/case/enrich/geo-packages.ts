/**
 * The default GeoIP data, shipped as npm packages (@ip-location-db/*): where they are
 * installed, their versions and release dates.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown version';
  }
}

/** ip-location-db versions end in the release date and hour: 2.3.2026061719 → 2026-06-17. */
export function releaseDate(version: string): string | null {
  const m = /(\d{4})(\d{2})(\d{2})\d{2}$/.exec(version);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
