// Compounds and model: the sourced compound library, the Antimony text of the mechanism, and an editable copy that
// runs on the server, with errors shown at their line and column.
import { el, fill, field, errorBox, table, num } from '../dom.js';
import { getJson, postJson, compounds } from '../api.js';
import { lineChart, PALETTE } from '../charts.js';

export async function render(container, route) {
  const list = await compounds();
  const detail = el('div', { class: 'compound-detail', 'data-testid': 'compound-detail' });
  const chosen = route.params.get('compound') || list[0].id;

  async function showCompound(id) {
    try {
      const c = await getJson(`api/compounds/${encodeURIComponent(id)}`);
      fill(detail, el('h3', {}, `${c.name} (${c.class})`),
        c.clinical_dose ? el('p', {}, `Clinical dose: ${c.clinical_dose}`) : null,
        c.notes.length ? el('ul', { class: 'notes' }, c.notes.map(n => el('li', {}, n))) : null,
        table(['field', 'value', 'unit', 'status', 'source', 'quote / derivation'], c.values.map(v => [
          v.field, v.value, v.unit, el('span', { class: `status-${v.status}` }, v.status), v.source,
          [v.quote, v.derivation, v.note, v.uncertainty ? `uncertain: ${num(v.uncertainty.low)}\u2013${num(v.uncertainty.high)} (${v.uncertainty.distribution})` : null].filter(Boolean).join(' \u00b7 '),
        ]), { 'data-testid': 'compound-values' }));
    } catch (e) {
      fill(detail, errorBox(e));
    }
  }

  const library = table(['id', 'name', 'class', 'affinities (nM)', 'clinical dose'], list.map(c => [
    el('a', { href: `#/model?compound=${encodeURIComponent(c.id)}`, 'data-testid': `compound-${c.id}` }, c.id), c.name, c.class,
    Object.entries(c.affinities_nM).map(([t, v]) => `${t} ${num(v)}`).join(', '),
    c.clinical_dose ? c.clinical_dose.text : '\u2014',
  ]), { 'data-testid': 'compound-list' });

  container.append(el('section', { class: 'page model' },
    el('div', { class: 'wide' },
      el('h2', {}, 'Compound library'),
      el('p', { class: 'lead' }, 'Every value with its unit, status (measured, derived, assumed, calibrated) and source. Click a compound.'),
      el('div', { class: 'two' }, el('div', { class: 'scroll' }, library), detail),
      await modelEditor())));
  showCompound(chosen);
}

async function modelEditor() {
  const regimen = el('input', { value: 'fluoxetine 20mg oral every 24h for 4w', 'data-testid': 'model-regimen', size: 44 });
  const load = el('button', { type: 'button', 'data-testid': 'model-load' }, 'Assemble');
  const text = el('textarea', { class: 'code', spellcheck: 'false', wrap: 'off', rows: 28, 'data-testid': 'model-text' });
  const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true', 'data-testid': 'model-gutter' });
  const core = el('pre', { class: 'code readonly', 'data-testid': 'model-core' });
  const end = el('input', { type: 'number', value: 672, min: 0, 'data-testid': 'model-end' });
  const steps = el('input', { type: 'number', value: 200, min: 1, max: 10000, 'data-testid': 'model-steps' });
  const vars = el('input', { value: 'madrs, occupancy_TRKB, plasticity', size: 40, 'data-testid': 'model-vars' });
  const run = el('button', { type: 'button', class: 'primary', 'data-testid': 'model-run' }, 'Simulate this text');
  const message = el('div', { class: 'status', 'data-testid': 'model-message' });
  const chart = el('div', { class: 'charts' });
  let badLine = 0;

  function numberLines() {
    const count = text.value.split('\n').length;
    fill(gutter, Array.from({ length: count }, (_, i) => el('span', { class: i + 1 === badLine ? 'bad' : null }, `${i + 1}\n`)));
    gutter.scrollTop = text.scrollTop;
  }
  text.addEventListener('input', () => { badLine = 0; numberLines(); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });

  async function assemble() {
    try {
      const m = await getJson(`api/model?regimen=${encodeURIComponent(regimen.value)}`);
      text.value = m.assembled;
      core.textContent = m.core;
      badLine = 0;
      numberLines();
      fill(message, `assembled for "${m.regimen}" (${m.species}); ${m.assembled.split('\n').length} lines. Edit this copy freely and simulate it.`);
    } catch (e) {
      fill(message, errorBox(e));
    }
  }

  function showAt(line, column) {
    const lines = text.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    const lineHeight = text.scrollHeight / Math.max(1, lines.length);
    text.focus();
    text.setSelectionRange(start + Math.max(0, column - 1), start + lines[line - 1].length);
    text.scrollTop = Math.max(0, (line - 6) * lineHeight);
    badLine = line;
    numberLines();
  }

  run.addEventListener('click', async () => {
    run.disabled = true;
    fill(message, 'simulating\u2026');
    try {
      const names = vars.value.split(',').map(v => v.trim()).filter(Boolean);
      const r = await postJson('api/simulate', { model: text.value, end: Number(end.value), steps: Number(steps.value), vars: names.length ? names : undefined });
      badLine = 0;
      numberLines();
      fill(message, el('span', { 'data-testid': 'model-ok' }, `simulated: ${r.data.length} rows; ${r.statistics}`), r.warnings.map(w => el('div', { class: 'hint' }, w)));
      const x = r.data.map(row => row[0]);
      fill(chart, r.columns.slice(1).map((c, i) => lineChart({
        id: `model-${c}`, title: c, xLabel: 'time (model units)', yLabel: c,
        tables: [{ x, series: [{ label: c, color: PALETTE[i % PALETTE.length], y: r.data.map(row => row[i + 1]) }] }],
      })));
    } catch (e) {
      const where = e.line ? el('strong', { 'data-testid': 'model-error-line' }, `line ${e.line}, column ${e.column}: `) : null;
      fill(message, el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, where, e.message));
      fill(chart);
      if (e.line) showAt(e.line, e.column || 1);
    } finally {
      run.disabled = false;
    }
  });
  load.addEventListener('click', assemble);
  await assemble();
  return el('section', { class: 'model-text' },
    el('h2', {}, 'Model text'),
    el('p', { class: 'lead' }, 'The flat Antimony model a regimen run assembles: exposure part, TRKB core and run settings. The copy below is yours to edit; the server simulates it as written.'),
    el('div', { class: 'row' }, field('regimen', regimen), load),
    el('div', { class: 'editor' }, gutter, text),
    el('div', { class: 'row' }, field('end (h)', end), field('steps', steps), field('outputs', vars), run),
    message, chart,
    el('details', {}, el('summary', {}, 'the TRKB core alone (read only)'), core));
}
