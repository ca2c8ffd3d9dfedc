/**
 * report.json rendering: stable key order (the order the document was built in), two-space
 * indentation, a trailing newline. Produced in chunks — one per top-level member and one per
 * array element — so a large report is written without building one huge string.
 *
 * @module
 */

/** A JSON-serialisable document (objects, arrays, strings, finite numbers, booleans, null). */
export type JsonDocument = { readonly [key: string]: unknown };

/** The whole document as one string (small reports, tests). */
export function renderJson(doc: JsonDocument): string {
  let out = '';
  for (const chunk of jsonChunks(doc)) out += chunk;
  return out;
}

/**
 * The document as text chunks whose concatenation equals `JSON.stringify(doc, null, 2) + '\n'`
 * (members whose value is `undefined` are left out, as JSON.stringify does).
 */
export function* jsonChunks(doc: JsonDocument): Generator<string> {
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = doc[k];
    const sep = i < keys.length - 1 ? ',\n' : '\n';
    const head = `  ${JSON.stringify(k)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield `${head}[\n`;
      for (let j = 0; j < v.length; j++) {
        const item = JSON.stringify(v[j] === undefined ? null : v[j], null, 2).replace(/\n/g, '\n    ');
        yield `    ${item}${j < v.length - 1 ? ',' : ''}\n`;
      }
      yield `  ]${sep}`;
    } else {
      yield head + JSON.stringify(v, null, 2).replace(/\n/g, '\n  ') + sep;
    }
  }
  yield '}\n';
}
