/**
 * Term matching for search rules: a term matches where it starts a word of the text, in any
 * case ("wire" matches "Wire transfer" and "re: wire", not "hardwired").
 *
 * @module
 */

/** Terms of `terms` that occur in `text` at a word start. */
export function matchingTerms(text: string, terms: readonly string[]): string[] {
  const t = text.toLowerCase();
  const out: string[] = [];
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (needle === '') continue;
    for (let i = t.indexOf(needle); i >= 0; i = t.indexOf(needle, i + 1)) {
      const before = i === 0 ? '' : t[i - 1]!;
      if (before === '' || !/[\p{L}\p{N}]/u.test(before)) {
        out.push(term);
        break;
      }
    }
  }
  return out;
}
