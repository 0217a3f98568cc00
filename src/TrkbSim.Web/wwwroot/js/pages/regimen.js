// Regimen explorer: up to four regimens overlaid through every layer of the mechanism, with units, bands, CSV/PNG and a shareable URL.
import { el, fill, field, select, errorBox, num, table, download } from '../dom.js';
import { postJson, postText, compounds, options } from '../api.js';
import { lineChart, chartsPng, PALETTE, DASHES } from '../charts.js';

const MAX_REGIMENS = 4;
const NAMES = ['A', 'B', 'C', 'D'];
const DEFAULT = {
  species: 'human', mode: 'drug', drug: 'fluoxetine', dose: '20mg', route: 'oral', every: '24h', for: '8w', doses: '',
  'start-at': '', regimen: '', simulate: '', step: '', weight: '', genotype: 'wt', cholesterol: '', environment: 'usual',
  exposure: 'membrane', cyp2d6: 'normal', cyp2c19: 'normal', uncertainty: '',
};
const DRUG_KEYS = ['drug', 'dose', 'route', 'every', 'for', 'doses', 'start-at'];
const SHARED_KEYS = ['species', 'simulate', 'step', 'weight', 'genotype', 'cholesterol', 'environment', 'exposure', 'cyp2d6', 'cyp2c19', 'uncertainty'];

/** The JSON body of POST /api/regimen for one regimen's form state (the CLI's option names). */
export function requestBody(state) {
  const body = {};
  const put = key => { if (state[key] !== '' && state[key] !== undefined) body[key] = state[key]; };
  if (state.mode === 'text') {
    body.regimen = state.regimen.split('\n').map(s => s.trim()).filter(Boolean);
  } else if (state.drug === 'none') {
    body.drug = 'none';
  } else {
    DRUG_KEYS.forEach(put);
    if (body.doses !== undefined) { body.doses = Number(body.doses); delete body.for; }
  }
  SHARED_KEYS.forEach(put);
  if (body.uncertainty !== undefined) body.uncertainty = Number(body.uncertainty);
  return body;
}

function describe(state) {
  if (state.mode === 'text') return state.regimen.split('\n').filter(Boolean).join(' + ') || 'regimen text';
  if (state.drug === 'none') return 'no drug';
  return [state.drug, state.dose, state.route, state.every && `every ${state.every}`, state.doses ? `${state.doses} doses` : state.for && `for ${state.for}`]
    .filter(Boolean).join(' ');
}

function fromUrl(params) {
  const list = params.getAll('r').slice(0, MAX_REGIMENS).map(text => {
    try { return { ...DEFAULT, ...JSON.parse(text) }; } catch { return null; }
  }).filter(Boolean);
  return list.length ? list : [{ ...DEFAULT }];
}

function toUrl(regimens) {
  const params = new URLSearchParams();
  for (const r of regimens) {
    const diff = Object.fromEntries(Object.entries(r).filter(([k, v]) => DEFAULT[k] !== v));
    params.append('r', JSON.stringify(diff));
  }
  history.replaceState(null, '', `#/regimen?${params}`);
}

/** Column arrays from the API's rows. */
function columnsOf(answer) {
  const cols = {};
  answer.columns.forEach((c, i) => { cols[c] = answer.data.map(row => row[i]); });
  return cols;
}

/** The panels: which columns each shows, how they are scaled, with units. */
function panels(results, species) {
  const outcome = species === 'mouse' ? 'behavior_score' : 'madrs';
  return [
    { id: 'plasma', title: 'Plasma concentration', yLabel: 'nM (log scale)', log: true,
      pick: r => r.compounds.map(c => [`plasma_${c}_nM`, c]) },
    { id: 'brain', title: 'Brain concentration: free (solid) and membrane (dashed)', yLabel: 'nM (log scale)', log: true,
      pick: r => r.compounds.flatMap(c => [[`brain_free_${c}_nM`, `${c} free`], [`brain_membrane_${c}_nM`, `${c} membrane`]]) },
    { id: 'occupancy', title: 'Target occupancy', yLabel: '% of sites', scale: 100, range: [0, 100],
      pick: () => ['SERT', 'NET', 'NMDA', 'TRKB'].map(t => [`occupancy_${t}`, t]) },
    { id: 'trkb', title: 'TRKB at the surface and its signalling', yLabel: 'relative to untreated',
      pick: () => [['trkb_surface', 'surface TRKB'], ['trkb_signal', 'TRKB signal']] },
    { id: 'bdnf', title: 'BDNF', yLabel: 'relative to baseline', pick: () => [['bdnf', 'BDNF']] },
    { id: 'plasticity', title: 'Plasticity window', yLabel: '0 closed \u2013 1 open', range: [0, 1], pick: () => [['plasticity', 'plasticity']] },
    { id: 'network', title: 'Network state', yLabel: '0 depressed \u2013 1 healthy', range: [0, 1], pick: () => [['network_state', 'network']] },
    outcome === 'madrs'
      ? { id: 'outcome', title: 'Depression score (MADRS)', yLabel: 'MADRS points', range: [0, 40], pick: () => [['madrs', 'MADRS']] }
      : { id: 'outcome', title: 'Behaviour (forced-swim immobility)', yLabel: 'relative immobility', range: [0, 1.2], pick: () => [['behavior_score', 'immobility']] },
  ].map(p => ({ ...p, results }));
}

function chartFor(panel) {
  const tables = panel.results.map((r, i) => {
    const scale = v => (v === null ? null : v * (panel.scale || 1));
    const series = panel.pick(r).filter(([col]) => r.cols[col]).map(([col, what], k) => ({
      label: `${r.name}: ${what}`,
      y: r.cols[col].map(scale),
      color: PALETTE[r.slot],
      dash: DASHES[k % DASHES.length],
      band: r.cols[`${col}_p5`] && r.cols[`${col}_p95`] ? { lo: r.cols[`${col}_p5`].map(scale), hi: r.cols[`${col}_p95`].map(scale) } : null,
    }));
    return { x: r.cols.time_h.map(t => t / 24), series };
  }).filter(t => t.series.length > 0);
  if (tables.length === 0) return null;
  return lineChart({ id: panel.id, title: panel.title, yLabel: panel.yLabel, xLabel: 'time (days)', log: panel.log, range: panel.range, sync: 'regimen', tables });
}

function summaryTable(results) {
  const rows = results.map(r => {
    const s = r.summary;
    const days = h => (h === null || h === undefined ? 'not reached' : `${num(h / 24, 3)} d`);
    return [
      el('span', { class: 'swatch-label' }, el('span', { class: `swatch c${r.slot}` }), r.name),
      r.describe,
      days(s.onset_hours),
      days(s.response_hours),
      s.final_madrs ?? s.outcome_final,
      `${num(100 * s.max_trkb_occupancy, 3)} %`,
      r.warnings.length ? r.warnings.join('; ') : '\u2014',
    ];
  });
  return table(['', 'regimen', 'onset (20 % better)', 'response (50 % better)', 'final MADRS / score', 'max TRKB occupancy', 'warnings'], rows,
    { 'data-testid': 'regimen-summary' });
}

export async function render(container, route) {
  const [compoundList, allowed] = await Promise.all([compounds(), options()]);
  const regimens = fromUrl(route.params);
  let active = 0;
  let results = [];

  const chips = el('div', { class: 'chips', 'data-testid': 'regimen-chips' });
  const form = el('form', { class: 'regimen-form', 'data-testid': 'regimen-form' });
  const status = el('div', { class: 'status', 'data-testid': 'status' });
  const output = el('div', { class: 'charts', 'data-testid': 'charts' });
  const summary = el('div', { class: 'summary' });
  const runButton = el('button', { type: 'submit', class: 'primary', 'data-testid': 'run' }, 'Run');

  const drugOptions = [['none', 'none (untreated)'], ...compoundList.filter(c => !c.parent).map(c => [c.id, `${c.name} (${c.class})`])];

  function input(key, attrs = {}) {
    const node = el('input', { name: key, value: regimens[active][key], 'data-testid': `in-${key}`, ...attrs });
    node.addEventListener('input', () => { regimens[active][key] = node.value; renderChips(); });
    return node;
  }
  function choice(key, values) {
    const node = select({ name: key, 'data-testid': `in-${key}` }, values, regimens[active][key]);
    node.addEventListener('change', () => { regimens[active][key] = node.value; renderChips(); if (key === 'mode' || key === 'drug') renderForm(); });
    return node;
  }

  function renderChips() {
    fill(chips,
      regimens.map((r, i) => el('button', {
        type: 'button', class: `chip c${i}${i === active ? ' active' : ''}`, 'data-testid': `chip-${NAMES[i]}`,
        onclick: () => { active = i; renderChips(); renderForm(); },
      }, `${NAMES[i]}: ${describe(r)}`,
      regimens.length > 1 ? el('span', {
        class: 'remove', title: 'remove', role: 'button', 'data-testid': `remove-${NAMES[i]}`,
        onclick: e => { e.stopPropagation(); regimens.splice(i, 1); active = Math.min(active, regimens.length - 1); renderChips(); renderForm(); },
      }, '\u00d7') : null)),
      regimens.length < MAX_REGIMENS ? el('button', {
        type: 'button', class: 'chip add', 'data-testid': 'add-regimen',
        onclick: () => { regimens.push({ ...regimens[active] }); active = regimens.length - 1; renderChips(); renderForm(); },
      }, '+ compare another regimen') : null);
  }

  function renderForm() {
    const s = regimens[active];
    const compound = compoundList.find(c => c.id === s.drug);
    const doseHint = compound && compound.clinical_dose ? `clinical: ${compound.clinical_dose.text}` : 'e.g. 20mg, 0.5mg/kg';
    fill(form,
      el('h3', {}, `Regimen ${NAMES[active]}`),
      field('species', choice('species', allowed.species)),
      field('dosing', choice('mode', [['drug', 'one drug: dose, route, interval'], ['text', 'regimen text (combinations)']])),
      s.mode === 'text'
        ? field('regimen (one per line)', (() => {
          const t = el('textarea', { name: 'regimen', rows: 3, 'data-testid': 'in-regimen', placeholder: 'fluoxetine 20mg oral every 24h for 8w' });
          t.value = s.regimen;
          t.addEventListener('input', () => { s.regimen = t.value; renderChips(); });
          return t;
        })(), 'COMPOUND DOSE ROUTE [every INTERVAL] [for DURATION | doses N] [from TIME]')
        : [
          field('drug', choice('drug', drugOptions)),
          s.drug === 'none' ? null : [
            field('dose', input('dose', { placeholder: '20mg' }), doseHint),
            field('route', (() => { const n = input('route', { list: 'routes' }); return n; })()),
            el('datalist', { id: 'routes' }, allowed.routes.map(r => el('option', { value: r }))),
            field('every', input('every', { placeholder: '24h' })),
            field('for', input('for', { placeholder: '8w' }), 'or a number of doses:'),
            field('doses', input('doses', { type: 'number', min: 1, placeholder: '' })),
            field('first dose at', input('start-at', { placeholder: '0h' })),
          ],
        ],
      el('details', {},
        el('summary', {}, 'subject, genotype, environment, exposure, output'),
        field('genotype', choice('genotype', allowed.genotype)),
        field('cholesterol', input('cholesterol', { placeholder: 'default' }), 'membrane cholesterol, e.g. 20%'),
        field('environment', choice('environment', allowed.environment)),
        field('exposure hypothesis', choice('exposure', allowed.exposure)),
        field('CYP2D6', choice('cyp2d6', allowed.cyp_phenotypes)),
        field('CYP2C19', choice('cyp2c19', allowed.cyp_phenotypes)),
        field('body weight', input('weight', { placeholder: 'reference' }), 'e.g. 70kg, 25g'),
        field('simulate', input('simulate', { placeholder: 'dosing period + 1 interval' })),
        field('output step', input('step', { placeholder: '1h' })),
        field('uncertainty samples', input('uncertainty', { type: 'number', min: 2, max: 100, placeholder: 'none' }), '5\u201395 % bands from the library\u2019s uncertainty ranges')),
      el('div', { class: 'buttons' }, runButton));
  }

  async function run() {
    runButton.disabled = true;
    fill(status, 'running\u2026');
    toUrl(regimens);
    try {
      const answers = await Promise.all(regimens.map(r => postJson('api/regimen', requestBody(r))));
      results = answers.map((a, i) => ({
        slot: i, name: NAMES[i], describe: describe(regimens[i]), cols: columnsOf(a),
        compounds: a.compounds, summary: a.summary, warnings: a.warnings, body: requestBody(regimens[i]),
      }));
      fill(status, `${results.length} regimen${results.length > 1 ? 's' : ''} simulated`);
      draw();
    } catch (e) {
      fill(status, errorBox(e));
    } finally {
      runButton.disabled = false;
    }
  }

  function draw() {
    const species = regimens[0].species;
    fill(output, panels(results, species).map(chartFor).filter(Boolean));
    fill(summary, summaryTable(results),
      el('div', { class: 'buttons' },
        results.map(r => el('button', {
          type: 'button', 'data-testid': `csv-${r.name}`,
          onclick: async () => download(`regimen-${r.name}.csv`, new Blob([await postText('api/regimen?format=csv', r.body)], { type: 'text/csv' })),
        }, `CSV ${r.name}`)),
        el('button', { type: 'button', 'data-testid': 'png', onclick: async () => { const b = await chartsPng(output); if (b) download('regimens.png', b); } }, 'PNG of the charts'),
        el('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(location.href) }, 'copy link')));
  }

  form.addEventListener('submit', e => { e.preventDefault(); run(); });
  renderChips();
  renderForm();
  container.append(
    el('section', { class: 'page regimen' },
      el('aside', { class: 'side' }, el('h2', {}, 'Regimen explorer'),
        el('p', { class: 'lead' }, 'Pick a drug and a dose, or write regimens; compare up to four. Every layer is linked: hover one chart to read all.'),
        chips, form, status),
      el('div', { class: 'results' }, summary, output)));
  await run();
}
