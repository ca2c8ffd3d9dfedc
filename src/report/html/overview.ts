/**
 * The page's header (title, version, time zone, redactions, navigation) and its overview
 * section: counts, mailboxes, suspect sessions, the timeline's host and the top findings.
 * Static HTML with escape-by-default ({@link html}).
 *
 * @module
 */
import type { ReportDocument } from '../types.js';
import { evidenceLinks, list, type TimeFormat } from './fragments.js';
import { html, type RawHtml } from './html.js';

const LEVELS = ['critical', 'high', 'medium', 'low', 'info'];

export function renderHeader(
  doc: ReportDocument,
  zone: string,
  offsets: readonly string[],
  redacted: readonly string[] | undefined,
  t: TimeFormat,
): RawHtml {
  const meta = doc.meta;
  return html`<header>
    <h1>${meta.title}</h1>
    <p class="sub">
      mailtrail ${meta.version} · report schema ${meta.schema} · generated ${t(meta.generatedAt)}
    </p>
    <p class="tz" id="tz">
      Times are shown in <strong>${zone}</strong>${offsets.length > 0 ? ` (${offsets.join(', ')})` : ''}; the
      data files keep UTC.
    </p>
    ${(redacted ?? []).length > 0 ? html`<p class="redacted">Redacted: ${redacted!.join(', ')} (consistent pseudonyms; the mapping is kept with the case, not in this report).</p>` : null}
    <nav>
      <a href="#overview">Overview</a> <a href="#timeline">Timeline</a> <a href="#t-findings">Findings</a>
      <a href="#t-sessions">Sessions</a> <a href="#t-logons">Logons</a> <a href="#t-searches">Searches</a>
      <a href="#t-reads">Reads</a> <a href="#t-attachments">Attachments</a> <a href="#t-actions">Actions</a>
      <a href="#exposure">Exposure</a> <a href="#t-rule-summaries">Rules</a>
    </nav>
  </header>`;
}

export function renderOverview(doc: ReportDocument, t: TimeFormat): RawHtml {
  const meta = doc.meta;
  const suspectRows = doc.sessions.filter((s) => s.suspect === true);
  const topFindings = [...doc.findings]
    .sort(
      (a, b) =>
        LEVELS.indexOf(String(a.level)) - LEVELS.indexOf(String(b.level)) ||
        String(a.time).localeCompare(String(b.time)),
    )
    .slice(0, 10);
  return html`<section id="overview">
    <h2>Overview</h2>
    ${incompleteEvidenceHtml(meta.incompleteEvidence ?? [])}
    <div class="panel">
      <h3>Counts</h3>
      <div class="counts">
        ${Object.entries(meta.counts).map(([k, v]) => html`<div class="count${k === 'suspectSessions' && v > 0 ? ' alert' : ''}" data-count="${k}" data-value="${v}"><span class="n">${v.toLocaleString('en-US')}</span><span class="k">${k}</span></div>`)}
      </div>
    </div>
    <div class="panel">
      <h3>Mailboxes</h3>
      <table class="static">
        <thead>
          <tr>
            <th>mailbox</th>
            <th>first</th>
            <th>last</th>
            <th>events</th>
          </tr>
        </thead>
        <tbody>
          ${meta.mailboxes.map(
            (m) =>
              html`<tr>
                <td>${m.mailbox}</td>
                <td>${t(m.first)}</td>
                <td>${t(m.last)}</td>
                <td class="num">${m.events}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p>
        Period: <span id="period-start">${t(meta.period.start)}</span> –
        <span id="period-end">${t(meta.period.end)}</span>
      </p>
    </div>
    <div class="panel">
      <h3>Suspect sessions (${suspectRows.length})</h3>
      ${
        suspectRows.length === 0
          ? html`<p>No suspect sessions.</p>`
          : html`<table class="static" id="suspects">
                <thead>
                  <tr>
                    <th>session</th>
                    <th>mailbox</th>
                    <th>app</th>
                    <th>IP</th>
                    <th>start</th>
                    <th>end</th>
                    <th>events</th>
                    <th>reasons</th>
                  </tr>
                </thead>
                <tbody>
                  ${suspectRows.slice(0, 50).map(
                    (s) =>
                      html`<tr class="suspect">
                        <td class="mono">${s.sessionId}</td>
                        <td>${s.mailbox}</td>
                        <td>${s.app}</td>
                        <td>${s.ip}</td>
                        <td>${t(s.start)}</td>
                        <td>${t(s.end)}</td>
                        <td class="num">${s.events}</td>
                        <td>${list(s.suspectReasons)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${suspectRows.length > 50 ? html`<p class="cap">First 50 of ${suspectRows.length}; all are in the Sessions table.</p>` : null}`
      }
    </div>
    <div class="panel" id="timeline">
      <h3>Timeline</h3>
      <p class="muted">
        Each point is a session: its start time and number of events (log scale); suspect sessions in red,
        their span shaded.
      </p>
      <div id="chart"></div>
    </div>
    <div class="panel">
      <h3>Top findings</h3>
      ${
        topFindings.length === 0
          ? html`<p>No findings.</p>`
          : html`<ol class="findings">
              ${topFindings.map(
                (f) =>
                  html`<li>
                    <span class="lvl lvl-${f.level}">${f.level}</span> <strong>${f.title}</strong>
                    <span class="muted">${t(f.time)}</span><br />${f.summary} ${evidenceLinks(f.evidence)}
                  </li>`,
              )}
            </ol>`
      }
    </div>
  </section>`;
}

/** Items of each list shown before "… and N more" (the whole list is in report.json). */
const GAP_ITEMS = 20;

/**
 * The case's acquisitions known to be incomplete, first on the page: what they lack (missing
 * slices, counts short of the service's) is not in the report, and a reader must know it.
 */
function incompleteEvidenceHtml(
  gaps: NonNullable<ReportDocument['meta']['incompleteEvidence']>,
): RawHtml | null {
  if (gaps.length === 0) return null;
  const items = (label: string, values: readonly string[]) => [
    ...values.slice(0, GAP_ITEMS).map((v) => html`<li>${label}: ${v}</li>`),
    ...(values.length > GAP_ITEMS
      ? [html`<li>… and ${values.length - GAP_ITEMS} more (report.json lists all)</li>`]
      : []),
  ];
  return html`<div class="panel incomplete" id="incomplete-evidence">
    <h3>Incomplete evidence (${gaps.length} acquisition${gaps.length === 1 ? '' : 's'})</h3>
    <p>
      The case holds acquisitions that are known to be incomplete; what they lack is not in this report.
      Retrieve it with <code>--resume</code>, or state the gap in the findings.
    </p>
    <ul>
      ${gaps.map(
        (g) =>
          html`<li>
            <span class="mono">${g.acquisition}</span> (run ${g.run})
            <ul>
              ${items('missing', g.missing)}${items('unverified', g.unverified)}
            </ul>
          </li>`,
      )}
    </ul>
  </div>`;
}
