/**
 * The terminal form of a pre-flight result: a header line, the question | evidence | available? |
 * why table grouped by scope (the tenant, then each mailbox), and the list of API calls with how
 * each ended. Columns wrap to the terminal width; nothing is truncated.
 *
 * @module
 */
import type { PreflightRow } from '../../sources/tenant/index.js';
import type { PreflightResult } from './run-preflight.js';

const MARK: Readonly<Record<PreflightRow['available'], string>> = {
  yes: 'yes',
  partial: 'PARTIAL',
  no: 'NO',
  unknown: 'UNKNOWN',
};

/** Splits text into lines of at most `width` characters, breaking at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

function table(rows: readonly string[][], widths: readonly number[]): string[] {
  const out: string[] = [];
  for (const cells of rows) {
    const wrapped = cells.map((c, i) => wrap(c, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) {
      out.push(
        `  ${wrapped
          .map((w, i) => (i === wrapped.length - 1 ? (w[k] ?? '') : (w[k] ?? '').padEnd(widths[i]!)))
          .join('  ')}`.trimEnd(),
      );
    }
  }
  return out;
}

/** Renders the result for a terminal `columns` wide (at least 80 is assumed). */
export function formatPreflight(result: PreflightResult, columns = 120): string {
  const width = Math.max(100, columns);
  const q = Math.floor(width * 0.25);
  const e = Math.floor(width * 0.28);
  const a = 7;
  const why = width - q - e - a - 2 - 6;
  const s = result.summary;
  const lines = [
    `Pre-flight of tenant ${result.tenant.id ?? '(unknown)'} (from ${result.tenant.source}) at ${result.ranAt}` +
      `${result.start ? `, incident start ${result.start}` : ''}`,
    `${s.yes} yes, ${s.partial} partial, ${s.no} no, ${s.unknown} unknown; an UNKNOWN row says why and which permission would tell.`,
  ];
  const scopes = [...new Set(result.rows.map((r) => r.scope))];
  for (const scope of scopes) {
    lines.push('', scope === 'tenant' ? 'TENANT' : `MAILBOX ${scope}`);
    lines.push(
      ...table(
        [
          ['Question', 'Evidence source', 'Avail.', 'Why'],
          ...result.rows
            .filter((r) => r.scope === scope)
            .map((r) => [
              r.question,
              r.evidence,
              MARK[r.available],
              /^(yes|no|unknown)$/i.test(r.answer) ? r.why : `${r.answer}. ${r.why}`,
            ]),
        ],
        [q, e, a, why],
      ),
    );
  }
  lines.push('', 'API CALLS');
  lines.push(
    ...table(
      [
        ['Call', 'Status', 'Outcome'],
        ...result.probes.map((p) => [
          p.what,
          p.status === null ? '-' : String(p.status),
          `${p.outcome}${p.detail ? `: ${p.detail}` : ''}`,
        ]),
      ],
      [Math.min(72, width - 40), 6, width - Math.min(72, width - 40) - 6 - 6],
    ),
  );
  if (result.evidence)
    lines.push(
      '',
      `Evidence: ${result.evidence.dir} in ${result.evidence.caseDir} (${result.evidence.files} files, SHA-256 in the manifest)`,
    );
  return lines.join('\n') + '\n';
}
