/**
 * The page around the report: the document head, the inline style and script, and a
 * Content-Security-Policy that allows nothing but those two (by SHA-256 hash):
 * `default-src 'none'`, no 'unsafe-inline'.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { html, jsonScript, raw, type RawHtml } from './html.js';

export interface HtmlAssets {
  /** The client script (uPlot and the table code), one IIFE. */
  readonly js: string;
  /** uPlot's stylesheet and the report's. */
  readonly css: string;
}

/** The whole HTML page: `body`, the `report-data` block with `payload`, then the script. */
export function renderPage(title: string, body: RawHtml, payload: unknown, assets: HtmlAssets): string {
  const dataBlock = jsonScript('report-data', payload);
  const js = safeScript(assets.js);
  const css = assets.css;
  // Whole elements as one placeholder each: formatting the template can never change the bytes
  // the CSP hashes cover. Both are our own assets, never recorded text.
  const styleElement = raw(`<style>${css}</style>`);
  const scriptElement = raw(`<script>${js}</script>`);
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(js)}'`,
    `style-src '${sha256(css)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${csp}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} – mailtrail report</title>
        ${styleElement}
      </head>
      <body>
        ${body} ${dataBlock} ${scriptElement}
      </body>
    </html> `.value;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** A script body that cannot close its element early. */
function safeScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
