/**
 * A one-line progress display on stderr for terminals; silent otherwise, so that logs and pipes
 * get only the closing summary. Redraws at most a few times a second.
 *
 * @module
 */
import type { CliIo } from './_io.js';

export interface ProgressLine {
  update(text: string): void;
  /** Clears the line (call before printing the summary). */
  done(): void;
}

export function progressLine(io: CliIo, quiet: boolean): ProgressLine {
  const tty = !quiet && io.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = (io.stderr as { columns?: number }).columns ?? 100;
      io.stderr.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      shown = true;
    },
    done() {
      if (tty && shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

/** `1234567` → `1,234,567` (fixed locale, so output does not depend on the machine). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
