// Scenarios: every named scenario with its overlay plots and its comparison in numbers.
import { el, fill, errorBox, num, table, richText } from '../dom.js';
import { getJson } from '../api.js';
import { lineChart, PALETTE } from '../charts.js';

const LOG_SCALE = /_nM$|_ng_per_mL$/;

export async function render(container, route) {
  const list = (await getJson('api/scenarios')).scenarios;
  const name = route.rest[0] || list[0].name;
  const detail = el('div', { class: 'results', 'data-testid': 'scenario-detail' }, el('p', { class: 'status' }, 'simulating\u2026'));
  container.append(el('section', { class: 'page scenarios' },
    el('aside', { class: 'side' }, el('h2', {}, 'Scenarios'),
      el('p', { class: 'lead' }, 'Each scenario reproduces one claim of the mechanism and states its comparison in numbers.'),
      el('ul', { class: 'menu', 'data-testid': 'scenario-list' }, list.map(s => el('li', {},
        el('a', { href: `#/scenarios/${encodeURIComponent(s.name)}`, class: s.name === name ? 'active' : null }, s.title))))),
    detail));
  try {
    const s = await getJson(`api/scenarios/${encodeURIComponent(name)}`);
    const charts = s.key_outputs.map(k => lineChart({
      id: `scenario-${k.column}`, title: k.title, yLabel: k.axis, xLabel: 'time (days)', log: LOG_SCALE.test(k.column),
      sync: 'scenario',
      tables: s.runs.map((run, i) => {
        const t = run.columns.indexOf('time_h'), c = run.columns.indexOf(k.column);
        const scale = k.column.startsWith('occupancy_') ? 100 : 1;
        return { x: run.data.map(r => r[t] / 24), series: c < 0 ? [] : [{ label: run.label, y: run.data.map(r => (r[c] === null ? null : r[c] * scale)), color: PALETTE[i % PALETTE.length] }] };
      }).filter(t => t.series.length),
    }));
    const rows = s.runs.map((run, i) => {
      const m = run.summary;
      const days = h => (h === null || h === undefined ? 'not reached' : `${num(h / 24, 3)} d`);
      return [el('span', { class: 'swatch-label' }, el('span', { class: `swatch c${i % PALETTE.length}` }), run.label),
        days(m.onset_hours), days(m.response_hours), m.final_madrs ?? m.outcome_final, `${num(100 * m.max_trkb_occupancy, 3)} %`];
    });
    fill(detail,
      el('h2', { 'data-testid': 'scenario-title' }, s.title),
      el('p', {}, richText(s.description)),
      el('h3', {}, 'Findings'),
      el('ul', { class: 'findings', 'data-testid': 'findings' }, s.findings.map(f => el('li', {}, richText(f.replace(/^[-*]\s*/, ''))))),
      table(['run', 'onset (20 % better)', 'response (50 % better)', 'final MADRS / score', 'max TRKB occupancy'], rows, { 'data-testid': 'scenario-summary' }),
      el('div', { class: 'charts' }, charts));
  } catch (e) {
    fill(detail, errorBox(e));
  }
}
