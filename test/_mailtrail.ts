/**
 * Runs the mailtrail CLI from source, for tests that need a real separate process (kill -9,
 * exit codes, stdout). Spawn with `process.execPath` and `--import tsx`.
 */
import { runMain } from '../src/cli/run.js';

await runMain(process.argv.slice(2));
