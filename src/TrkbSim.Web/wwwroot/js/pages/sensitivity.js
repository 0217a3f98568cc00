// Sensitivity: which parameters move one output of a regimen run, as a tornado of local elasticities or Sobol bars.
import { el, fill, field, select, errorBox, num } from '../dom.js';
import { postJson } from '../api.js';

const OUTPUTS = ['madrs', 'occupancy_TRKB', 'trkb_signal', 'trkb_surface', 'bdnf', 'plasticity', 'network_state'];

/** A horizontal bar from the middle (signed values) or from the left (0-1 indices), drawn with elements. */
function bar(value, scale, signed, cls, whisker) {
  const track = el('div', { class: `bar-track${signed ? ' signed' : ''}` });
  const fillBar = el('div', { class: `bar ${cls}${value < 0 ? ' negative' : ''}` });
  const share = Math.min(1, Math.abs(value) / scale);
  fillBar.style.width = `${(signed ? 50 : 100) * share}%`;
  if (signed) fillBar.style.left = value < 0 ? `${50 - 50 * share}%` : '50%';
  track.append(fillBar);
  if (whisker) {
    const w = el('div', { class: 'whisker' });
    w.style.left = `${100 * Math.max(0, Math.min(1, whisker[0] / scale))}%`;
    w.style.width = `${100 * Math.max(0, Math.min(1, (whisker[1] - whisker[0]) / scale))}%`;
    track.append(w);
  }
  return track;
}

function tornado(answer) {
  const values = answer.effects.map(e => e.elasticity).filter(Number.isFinite);
  const scale = Math.max(1e-12, ...values.map(Math.abs));
  return el('div', { class: 'bars', 'data-testid': 'tornado' },
    el('div', { class: 'bar-head' }, el('span', {}, 'parameter'), el('span', {}, `d ln(${answer.output}) / d ln(parameter) at ${num(answer.time_h / 24, 3)} d`), el('span', {}, 'elasticity')),
    answer.effects.map(e => el('div', { class: 'bar-row' },
      el('code', {}, e.parameter), bar(e.elasticity ?? 0, scale, true, 'local'), el('span', { class: 'bar-value' }, num(e.elasticity, 3)))));
}

function sobolBars(answer) {
  const scale = Math.max(0.05, ...answer.effects.map(e => e.total_order_high ?? e.total_order ?? 0));
  return el('div', { class: 'bars', 'data-testid': 'sobol' },
    el('div', { class: 'bar-head' }, el('span', {}, 'parameter'), el('span', {}, 'first order (dark) and total order (light), 95 % bootstrap intervals'), el('span', {}, 'S1 / ST')),
    answer.effects.map(e => el('div', { class: 'bar-row' },
      el('code', {}, e.parameter),
      el('div', { class: 'bar-pair' },
        bar(Math.max(0, e.first_order ?? 0), scale, false, 'first', [e.first_order_low, e.first_order_high]),
        bar(Math.max(0, e.total_order ?? 0), scale, false, 'total', [e.total_order_low, e.total_order_high])),
      el('span', { class: 'bar-value' }, `${num(e.first_order, 2)} / ${num(e.total_order, 2)}`))));
}

export async function render(container, route) {
  const regimen = el('input', { value: route.params.get('regimen') || 'fluoxetine 20mg oral every 24h for 8w', 'data-testid': 'sens-regimen' });
  const output = select({ 'data-testid': 'sens-output' }, OUTPUTS, route.params.get('output') || 'madrs');
  const time = el('input', { value: route.params.get('time') || '8w', 'data-testid': 'sens-time' });
  const method = select({ 'data-testid': 'sens-method' }, [['local', 'local (tornado)'], ['sobol', 'Sobol (global)']], route.params.get('method') || 'local');
  const samples = el('input', { type: 'number', min: 4, max: 64, value: 16, 'data-testid': 'sens-samples' });
  const run = el('button', { type: 'submit', class: 'primary', 'data-testid': 'sens-run' }, 'Analyse');
  const status = el('div', { class: 'status', 'data-testid': 'sens-status' });
  const results = el('div', { class: 'results', 'data-testid': 'sens-results' });
  const form = el('form', {},
    field('regimen', regimen), field('output', output), field('read at', time, 'e.g. 8w, 30d'), field('method', method),
    field('Sobol N', samples, 'N \u00d7 (parameters + 2) simulations'), el('div', { class: 'buttons' }, run));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    run.disabled = true;
    fill(status, 'analysing\u2026');
    const params = new URLSearchParams({ regimen: regimen.value, output: output.value, time: time.value, method: method.value });
    history.replaceState(null, '', `#/sensitivity?${params}`);
    try {
      const body = { regimen: regimen.value, output: output.value, time: time.value, method: method.value };
      if (method.value === 'sobol') body.samples = Number(samples.value);
      const a = await postJson('api/sensitivity', body);
      fill(status, `${a.evaluations} simulations; ${a.output} at ${num(a.time_h / 24, 3)} d: ${num(a.nominal_output, 4)}${a.method === 'sobol' ? ' (mean over the samples)' : ' (nominal)'}`);
      fill(results, el('h3', {}, `${a.method === 'local' ? 'Tornado: local elasticities' : 'Sobol indices'} of ${a.output} for ${a.regimen}`),
        a.method === 'local' ? tornado(a) : sobolBars(a),
        el('p', { class: 'hint' }, a.method === 'local'
          ? 'Elasticity: the relative change of the output per relative change of the parameter around its value (0.5: 10 % more parameter, about 5 % more output).'
          : `Each parameter log-uniform within \u00d7/\u00f7 ${a.factor} of its value; N = ${a.samples}. Small N gives wide intervals.`));
    } catch (err) {
      fill(status, errorBox(err));
    } finally {
      run.disabled = false;
    }
  });
  container.append(el('section', { class: 'page sensitivity' },
    el('aside', { class: 'side' }, el('h2', {}, 'Sensitivity'),
      el('p', { class: 'lead' }, 'Which exposure and core parameters decide an output of the mechanism, at one time after the start of a regimen.'),
      form, status),
    results));
  form.requestSubmit();
}
