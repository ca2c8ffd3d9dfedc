/**
 * A tagged template for HTML with escape by default (hono's `html` helper, architecture §6.7):
 * every interpolated value is escaped unless it is {@link RawHtml} — made by a nested
 * `html`…`` or by an explicit, greppable {@link raw} call. `null`, `undefined` and booleans
 * render as nothing; arrays render their items one after another.
 *
 * @module
 */

/** Markup that is already safe: produced by {@link html} or marked with {@link raw}. */
export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup. Every call is a place to review: it must never wrap mailbox text. */
export function raw(markup: string): RawHtml {
  return new RawHtml(markup);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  if (value instanceof RawHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<td>${subject}</td>`: the subject is escaped, nested html`` is kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new RawHtml(out);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as `\u003c`-style
 * escapes (so no `</script>` or `<!--` can end or alter the block), U+2028/2029 escaped too.
 * `JSON.parse` of the block's text gives back the data exactly.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A non-executed JSON data block. */
export function jsonScript(id: string, data: unknown): RawHtml {
  return html`<script type="application/json" id="${id}">
    ${raw(jsonForScript(data))}
  </script>`;
}
