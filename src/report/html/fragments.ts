/**
 * Small pieces shared by the section renderers: value lists, evidence links, time formatting.
 *
 * @module
 */
import { html, type RawHtml } from './html.js';

/** Formats a recorded instant in the report's zone ('–' when absent). */
export type TimeFormat = (iso: unknown) => string;

export function list(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
}

export function evidenceLinks(ids: readonly string[] | undefined): RawHtml {
  const all = ids ?? [];
  return html`<span class="evidence"
    >evidence:
    ${all
      .slice(0, 5)
      .map((id) => html`<a class="ev" href="#ev-${id}" data-ev="${id}">${id.slice(0, 8)}</a> `)}${
      all.length > 5 ? `+${all.length - 5}` : ''
    }</span
  >`;
}
