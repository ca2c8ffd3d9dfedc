/* global document, window, history, location */
/**
 * The HTML report's script (bundled with uPlot by esbuild into one inline IIFE). It reads the
 * report's JSON data block and draws the timeline and the tables: paging, sorting, per-column
 * filters, a search box, and links from findings to their evidence rows. Every value reaches
 * the page through textContent or an attribute set with setAttribute — never innerHTML — so
 * recorded text (subjects, queries, user agents) is only ever text.
 */
import uPlot from 'uplot';

const data = JSON.parse(document.getElementById('report-data').textContent);
const TZ = data.timeZone;
const SUSPECTS = new Set(data.suspects);
const PAGE = 100;

const dateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const p2 = (n) => String(n).padStart(2, '0');

/** `2018-06-12 16:03:11.931` in the report's zone (the server formats the header the same way). */
function formatTime(iso) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const f = {};
  for (const p of dateFormat.formatToParts(t)) if (p.type !== 'literal') f[p.type] = +p.value;
  const ms = String(((t % 1000) + 1000) % 1000).padStart(3, '0');
  return `${f.year}-${p2(f.month)}-${p2(f.day)} ${p2(f.hour % 24)}:${p2(f.minute)}:${p2(f.second)}.${ms}`;
}

function display(value, type) {
  if (value === null || value === undefined) return '';
  if (type === 'time' && typeof value === 'string') return formatTime(value);
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : JSON.stringify(a);
  const y = typeof b === 'string' ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const EVIDENCE_LINKED = new Set(['findings', 'exposure-messages']);

class TableView {
  constructor(section, t) {
    this.t = t;
    this.section = section;
    this.sort = -1;
    this.dir = 1;
    this.filters = t.columns.map(() => '');
    this.search = '';
    this.page = 0;
    this.texts = null;
    this.sessionCol = t.columns.findIndex((c) => c.key === 'sessionId');
    this.suspectCol = t.columns.findIndex((c) => c.key === 'suspect');
    this.evidenceCol = t.columns.findIndex((c) => c.key === 'evidence');
    this.build();
    this.refresh();
  }

  build() {
    const host = this.section.querySelector('.host');
    const tools = el('div', { class: 'tools' });
    this.searchBox = el('input', { class: 'search', type: 'search', placeholder: 'Search this table…' });
    this.searchBox.addEventListener('input', () => {
      this.search = this.searchBox.value.toLowerCase();
      this.page = 0;
      this.refresh();
    });
    this.prev = el('button', { type: 'button', class: 'prev' }, '◀ Prev');
    this.next = el('button', { type: 'button', class: 'next' }, 'Next ▶');
    this.prev.addEventListener('click', () => this.go(this.page - 1));
    this.next.addEventListener('click', () => this.go(this.page + 1));
    this.status = el('span', { class: 'status' });
    tools.append(this.searchBox, this.prev, this.next, this.status);
    const scroll = el('div', { class: 'scroll' });
    const table = el('table', { class: 'data' });
    const thead = el('thead');
    const head = el('tr', { class: 'head' });
    const filters = el('tr', { class: 'filters' });
    this.ths = this.t.columns.map((c, i) => {
      const th = el('th', { class: 'sortable', 'data-key': c.key, title: 'Sort' }, c.key);
      th.addEventListener('click', () => this.sortBy(i));
      head.append(th);
      const f = el('th');
      const input = el('input', { type: 'text', 'data-key': c.key, placeholder: 'filter' });
      input.addEventListener('input', () => {
        this.filters[i] = input.value.toLowerCase();
        this.page = 0;
        this.refresh();
      });
      f.append(input);
      filters.append(f);
      return th;
    });
    this.filterInputs = [...filters.querySelectorAll('input')];
    thead.append(head, filters);
    this.tbody = el('tbody');
    table.append(thead, this.tbody);
    scroll.append(table);
    host.append(tools, scroll);
  }

  text(i) {
    if (!this.texts) {
      const cols = this.t.columns;
      this.texts = this.t.rows.map((r) => cols.map((c, j) => display(r[j], c.type).toLowerCase()));
      this.joined = this.texts.map((x) => x.join('\u0000'));
    }
    return this.texts[i];
  }

  refresh() {
    const rows = this.t.rows;
    let order = rows.map((_, i) => i);
    const active = this.filters.some((f) => f !== '');
    if (active || this.search !== '') {
      order = order.filter((i) => {
        const cells = this.text(i);
        if (this.search !== '' && !this.joined[i].includes(this.search)) return false;
        for (let j = 0; j < cells.length; j++)
          if (this.filters[j] !== '' && !cells[j].includes(this.filters[j])) return false;
        return true;
      });
    }
    if (this.sort >= 0) {
      const s = this.sort;
      const d = this.dir;
      order.sort((a, b) => d * compare(rows[a][s], rows[b][s]) || a - b);
    }
    this.order = order;
    this.render();
  }

  go(page) {
    const last = Math.max(0, Math.ceil(this.order.length / PAGE) - 1);
    this.page = Math.min(Math.max(0, page), last);
    this.render();
  }

  sortBy(i) {
    if (this.sort === i) this.dir = -this.dir;
    else {
      this.sort = i;
      this.dir = 1;
    }
    this.ths.forEach((th, j) => {
      th.classList.toggle('asc', j === i && this.dir === 1);
      th.classList.toggle('desc', j === i && this.dir === -1);
    });
    this.page = 0;
    this.refresh();
  }

  render(hit) {
    const start = this.page * PAGE;
    const slice = this.order.slice(start, start + PAGE);
    const cols = this.t.columns;
    const frag = document.createDocumentFragment();
    for (const i of slice) {
      const r = this.t.rows[i];
      const tr = el('tr', { 'data-row': String(i) });
      if (
        (this.suspectCol >= 0 && r[this.suspectCol] === true) ||
        (this.sessionCol >= 0 && SUSPECTS.has(r[this.sessionCol]))
      )
        tr.classList.add('suspect');
      if (i === hit) tr.classList.add('hit');
      cols.forEach((c, j) => {
        const v = r[j];
        const td = el('td');
        if (j === this.evidenceCol && EVIDENCE_LINKED.has(this.t.name) && Array.isArray(v)) {
          td.classList.add('ev-cell');
          for (const id of v) {
            const a = el('a', { class: 'ev', href: `#ev-${id}`, 'data-ev': id, title: id }, id.slice(0, 8));
            td.append(a, ' ');
          }
        } else {
          const s = display(v, c.type);
          td.textContent = s;
          if (s.length > 40) td.setAttribute('title', s);
          if (c.type === 'number') td.classList.add('num');
        }
        tr.append(td);
      });
      frag.append(tr);
    }
    this.tbody.replaceChildren(frag);
    const n = this.order.length;
    const total = this.t.rows.length;
    this.status.textContent =
      n === 0
        ? `No rows${n < total ? ` (of ${total})` : ''}`
        : `Rows ${start + 1}–${start + slice.length} of ${n}${n < total ? ` (filtered from ${total})` : ''}`;
    this.prev.disabled = this.page === 0;
    this.next.disabled = start + PAGE >= n;
  }

  /** Shows row `i`: filters cleared, its page, highlighted. */
  reveal(i) {
    this.filters = this.filters.map(() => '');
    this.filterInputs.forEach((x) => (x.value = ''));
    this.search = '';
    this.searchBox.value = '';
    this.refresh();
    const pos = this.order.indexOf(i);
    this.page = Math.floor(pos / PAGE);
    this.render(i);
    const tr = this.tbody.querySelector('tr.hit');
    if (tr) tr.scrollIntoView({ block: 'center' });
  }
}

const views = new Map();
for (const t of data.tables) {
  const section = document.querySelector(`section[data-table="${t.name}"]`);
  if (section) views.set(t.name, new TableView(section, t));
}

// Evidence id → the first row that cites it, in these tables (built on first use).
const EVIDENCE_ORDER = ['logons', 'searches', 'reads', 'attachments', 'actions', 'sessions'];
let evidenceIndex = null;
function locate(id) {
  if (!evidenceIndex) {
    evidenceIndex = new Map();
    for (const name of EVIDENCE_ORDER) {
      const v = views.get(name);
      if (!v || v.evidenceCol < 0) continue;
      v.t.rows.forEach((r, i) => {
        const ev = r[v.evidenceCol];
        if (Array.isArray(ev)) for (const e of ev) if (!evidenceIndex.has(e)) evidenceIndex.set(e, [v, i]);
      });
    }
  }
  const hit = evidenceIndex.get(id);
  const note = document.getElementById('locate-note');
  if (!hit) {
    note.textContent = `Event ${id} is not among the rows shown here (see the full outputs, or mailtrail sql).`;
    note.hidden = false;
    return;
  }
  note.hidden = true;
  hit[0].reveal(hit[1]);
}
const note = el('div', { id: 'locate-note', class: 'cap', role: 'status' });
note.hidden = true;
document.querySelector('main').prepend(note);

document.addEventListener('click', (e) => {
  const a = e.target instanceof window.Element ? e.target.closest('a.ev') : null;
  if (!a) return;
  e.preventDefault();
  const id = a.getAttribute('data-ev');
  history.replaceState(null, '', `#ev-${id}`);
  locate(id);
});
if (location.hash.startsWith('#ev-')) locate(location.hash.slice(4));

// The timeline.
const chart = data.chart;
const host = document.getElementById('chart');
if (host && chart.x.length > 0) {
  const size = () => ({ width: Math.max(320, host.clientWidth - 12), height: 300 });
  const spans = chart.spans;
  const plot = new uPlot(
    {
      ...size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), TZ),
      scales: { x: { time: true }, y: { distr: 3 } },
      legend: { live: false },
      series: [
        { label: `time (${TZ})` },
        {
          label: chart.aggregated ? 'other sessions (events per hour)' : 'sessions',
          stroke: '#5b7a99',
          paths: () => null,
          points: { show: true, size: 4, stroke: '#5b7a99', fill: '#5b7a99' },
        },
        {
          label: 'suspect sessions',
          stroke: '#c0392b',
          paths: () => null,
          points: { show: true, size: 9, stroke: '#c0392b', fill: '#c0392b' },
        },
      ],
      axes: [{}, { label: 'events in session' }],
      hooks: {
        drawClear: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.fillStyle = 'rgba(192, 57, 43, 0.18)';
            for (const [s, e] of spans) {
              const x0 = u.valToPos(s, 'x', true);
              const x1 = Math.max(u.valToPos(e, 'x', true), x0 + 3);
              ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
            }
            ctx.restore();
          },
        ],
      },
    },
    [chart.x, chart.normal, chart.suspect],
    host,
  );
  window.addEventListener('resize', () => plot.setSize(size()));
}
document.body.setAttribute('data-ready', 'true');
