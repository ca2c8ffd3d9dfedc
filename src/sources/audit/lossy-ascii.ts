/**
 * Windows PowerShell 5.1 `Export-Csv` writes ASCII by default: every non-ASCII character of a
 * subject, folder or display name becomes `?`, and nothing can bring it back (ual-formats.md
 * §1.1). A file cannot say it was written that way, so this is a **heuristic**: a file with no BOM
 * whose every byte is ASCII, holding `?` *inside* words (`Bo?te de r?ception`) or in runs (`???`,
 * what CJK text and emoji become), outside URL-like tokens, is reported once with examples.
 *
 * @module
 */
import { issueItem } from './text-input.js';
import type { AuditReadItem } from './types.js';

const SUSPECT = /[A-Za-z]\?[A-Za-z]|\?{2,}/g;
const MAX_EXAMPLES = 3;

export class LossyAsciiDetector {
  private active: boolean;
  private hits = 0;
  private rows = 0;
  private readonly examples: string[] = [];

  /** `candidate`: the file is UTF-8 without BOM (the only form lossy ASCII can take). */
  constructor(candidate: boolean) {
    this.active = candidate;
  }

  /** Looks at one record's text; `ascii` says whether its bytes were all ASCII. */
  observe(text: string, ascii: boolean, row: number): void {
    if (!this.active) return;
    if (!ascii) {
      this.active = false; // real non-ASCII text: not an ASCII export
      return;
    }
    if (!text.includes('?')) return;
    let found = 0;
    for (const m of text.matchAll(SUSPECT)) {
      if (urlLike(text, m.index)) continue;
      found++;
      if (this.examples.length < MAX_EXAMPLES) {
        const from = Math.max(0, m.index - 20);
        this.examples.push(`row ${row}: …${text.slice(from, m.index + 20)}…`);
      }
    }
    if (found > 0) {
      this.hits += found;
      this.rows++;
    }
  }

  /** The warning for the file, or null when nothing suspicious was seen. */
  finish(file: string): AuditReadItem | null {
    if (!this.active || this.hits === 0) return null;
    return issueItem(
      'audit.encoding.lossy_ascii',
      'warning',
      { file },
      `File is pure ASCII without a BOM and has ${this.hits} '?' character(s) inside words or in runs, in ` +
        `${this.rows} row(s): it looks like a Windows PowerShell 5.1 Export-Csv with its default ASCII ` +
        'encoding, which replaced every non-ASCII character (accented letters, non-Latin scripts) with ' +
        "'?'. The original text is lost and cannot be recovered; subjects, folder names and rule names " +
        'may not match other sources. Re-export with -Encoding UTF8 if possible. This is a heuristic ' +
        `(a '?' can also be genuine). Examples: ${this.examples.join(' | ')}`,
    );
  }
}

/** The token around `at` (up to whitespace, quotes or commas) looks like a URL or query string. */
function urlLike(text: string, at: number): boolean {
  let s = at;
  while (s > 0 && !/[\s"',;]/.test(text[s - 1]!)) s--;
  let e = at;
  while (e < text.length && !/[\s"',;]/.test(text[e]!)) e++;
  const token = text.slice(s, e);
  return token.includes('/') || token.includes('=');
}
