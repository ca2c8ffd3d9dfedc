/**
 * Tab-separated values, exact and lossless. A value is written as recorded except for four
 * characters that would break the format, which are backslash-escaped:
 *
 * | character       | written as |
 * | --------------- | ---------- |
 * | backslash `\`   | `\\`       |
 * | tab             | `\t`       |
 * | line feed       | `\n`       |
 * | carriage return | `\r`       |
 *
 * Nothing else is changed: quotes, semicolons, commas, emoji and right-to-left text stay as they
 * are, no value is quoted, and {@link unescapeTsvValue} gives back the original exactly. Every
 * line, the header included, ends with `\n`. Values that a spreadsheet would read as a formula
 * (`=`, `+`, `-`, `@`) are *not* altered: import the files as text (docs/report-json.md).
 *
 * @module
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value, escaped. */
export function escapeTsvValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

/** The inverse of {@link escapeTsvValue}. */
export function unescapeTsvValue(text: string): string {
  return text.replace(/\\([\\tnr])/g, (_m, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\',
  );
}

/** One line: escaped values joined by tabs, ending with a line feed. */
export function tsvLine(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += escapeTsvValue(values[i]!);
  }
  return line + '\n';
}

/** Splits one line (without its line feed) back into values. */
export function parseTsvLine(line: string): string[] {
  return line.split('\t').map(unescapeTsvValue);
}

/**
 * A sectioned table (Magic Unicorn's by-item layout): for each group, a line with the group key,
 * the header line, then the group's rows.
 */
export function tsvSectionHead(group: string, header: readonly string[]): string {
  return tsvLine([group]) + tsvLine(header);
}
