// Runs the mailtrail CLI from source (through tsx), for tests that need a real child process.
import { runMain } from '../../src/cli/run.js';
await runMain();
