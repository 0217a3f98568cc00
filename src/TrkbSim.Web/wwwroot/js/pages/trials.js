// Trial designer: arms, n, weeks, seed; runs in the background with progress; response and remission by week with
// intervals, MADRS percentile bands per arm, and read-only SQL on the trial's tables.
import { el, fill, field, errorBox, num, table } from '../dom.js';
import { getJson, postJson } from '../api.js';
import { lineChart, PALETTE } from '../charts.js';

const DEFAULT_ARMS = [
  ['fluoxetine', 'fluoxetine 20mg oral every 24h'],
  ['placebo', 'placebo'],
];

function pct(v) { return v === null || v === undefined ? '\u2014' : `${num(100 * v, 3)} %`; }

export async function render(container, route) {
  const arms = DEFAULT_ARMS.map(([label, regimen]) => ({ label, regimen }));
  const n = el('input', { type: 'number', min: 1, max: 2000, value: route.params.get('n') || 200, 'data-testid': 'trial-n' });
  const weeks = el('input', { type: 'number', min: 1, max: 26, value: 8, 'data-testid': 'trial-weeks' });
  const seed = el('input', { type: 'number', min: 0, value: 42, 'data-testid': 'trial-seed' });
  const armList = el('div', { class: 'arms', 'data-testid': 'arms' });
  const status = el('div', { class: 'status', 'data-testid': 'trial-status' });
  const results = el('div', { class: 'results', 'data-testid': 'trial-results' });
  const start = el('button', { type: 'submit', class: 'primary', 'data-testid': 'trial-start' }, 'Run trial');

  function renderArms() {
    fill(armList, arms.map((a, i) => el('div', { class: 'arm' },
      el('span', { class: `swatch c${i}` }),
      (() => { const t = el('input', { value: a.label, 'aria-label': 'arm label', class: 'arm-label', 'data-testid': `arm-label-${i}` }); t.addEventListener('input', () => { a.label = t.value; }); return t; })(),
      (() => { const t = el('input', { value: a.regimen, 'aria-label': 'arm regimen', class: 'arm-regimen', 'data-testid': `arm-regimen-${i}` }); t.addEventListener('input', () => { a.regimen = t.value; }); return t; })(),
      arms.length > 1 ? el('button', { type: 'button', class: 'small', onclick: () => { arms.splice(i, 1); renderArms(); } }, '\u00d7') : null)),
    arms.length < 4 ? el('button', { type: 'button', class: 'small', 'data-testid': 'add-arm', onclick: () => { arms.push({ label: `arm${arms.length + 1}`, regimen: 'ketamine 0.5mg/kg infusion:40min doses 1' }); renderArms(); } }, '+ arm') : null);
  }

  async function follow(id) {
    history.replaceState(null, '', `#/trials?id=${id}`);
    for (;;) {
      const t = await getJson(`api/trials/${id}`);
      fill(status, el('div', {}, `${t.status}: ${t.progress.done} of ${t.progress.total} subjects (${t.progress.stage}), ${num(t.elapsed_s, 3)} s`),
        el('progress', { max: 1, value: t.progress.fraction, 'data-testid': 'trial-progress' }));
      if (t.status === 'finished') { showResults(t); return; }
      if (t.status === 'failed') { fill(status, errorBox(new Error(t.error))); return; }
      await new Promise(r => setTimeout(r, 400));
    }
  }

  function showResults(t) {
    const s = t.summary;
    const col = name => s.columns.indexOf(name);
    const visit = w => (w === 0 ? 'baseline' : w < 1 ? `day ${Math.round(w * 7)}` : `week ${w}`);
    const rows = s.data.map(r => [r[col('arm')], visit(r[col('week')]), r[col('n')], num(r[col('mean_madrs')], 3), num(r[col('mean_change')], 3),
      `${pct(r[col('response_rate')])} (${pct(r[col('response_rate_ci_low')])}\u2013${pct(r[col('response_rate_ci_high')])})`,
      `${pct(r[col('remission_rate')])} (${pct(r[col('remission_rate_ci_low')])}\u2013${pct(r[col('remission_rate_ci_high')])})`]);
    const byArm = label => s.data.filter(r => r[col('arm')] === label);
    const rateChart = (id, title, key) => lineChart({
      id, title: `${title}, 95 % intervals`, yLabel: '% of subjects', xLabel: 'week', range: [0, 100],
      tables: t.arms.map((arm, i) => {
        const rs = byArm(arm);
        return { x: rs.map(r => r[col('week')]), series: [{ label: arm, color: PALETTE[i], y: rs.map(r => 100 * r[col(key)]),
          band: { lo: rs.map(r => 100 * r[col(`${key}_ci_low`)]), hi: rs.map(r => 100 * r[col(`${key}_ci_high`)]) } }] };
      }),
    });
    const p = t.madrs_percentiles;
    const pc = name => p.columns.indexOf(name);
    const bandChart = lineChart({
      id: 'trial-madrs', title: 'MADRS by arm: median, 25\u201375 % and 5\u201395 % of subjects', yLabel: 'MADRS points', xLabel: 'day', range: [0, 50],
      tables: t.arms.map((arm, i) => {
        const rs = p.data.filter(r => r[pc('arm')] === arm);
        return { x: rs.map(r => r[pc('day')]), series: [
          { label: `${arm} median`, color: PALETTE[i], width: 2, y: rs.map(r => r[pc('p50')]), band: { lo: rs.map(r => r[pc('p25')]), hi: rs.map(r => r[pc('p75')]) } },
          { label: `${arm} 5\u201395 %`, color: PALETTE[i], width: 0.8, dash: [3, 3], y: rs.map(r => r[pc('p95')]), band: { lo: rs.map(r => r[pc('p05')]), hi: rs.map(r => r[pc('p95')]) } },
        ] };
      }),
    });
    const last = s.data.filter(r => r[col('week')] === t.weeks);
    fill(results,
      el('h3', {}, `Results: ${t.subjects_simulated} subjects simulated (${t.subjects_failed} failed), seed ${t.seed}`),
      el('ul', { class: 'findings', 'data-testid': 'trial-headline' }, last.map(r => el('li', {},
        `${r[col('arm')]}: week ${t.weeks} response ${pct(r[col('response_rate')])}, remission ${pct(r[col('remission_rate')])}, mean MADRS change ${num(r[col('mean_change')], 3)}`))),
      el('div', { class: 'charts' }, rateChart('trial-response', 'Response (MADRS \u2265 50 % below baseline)', 'response_rate'),
        rateChart('trial-remission', 'Remission (MADRS \u2264 10)', 'remission_rate'), bandChart),
      table(['arm', 'visit', 'n', 'mean MADRS', 'mean change', 'response (95 % CI)', 'remission (95 % CI)'], rows, { 'data-testid': 'trial-summary' }),
      queryBox(t.id));
  }

  const form = el('form', { class: 'trial-form', 'data-testid': 'trial-form' },
    el('h3', {}, 'Arms (label: regimen, or placebo)'), armList,
    field('subjects per arm', n), field('weeks', weeks), field('seed', seed),
    el('div', { class: 'buttons' }, start));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    start.disabled = true;
    fill(results);
    try {
      const body = { arms: arms.map(a => `${a.label}: ${a.regimen}`), n: Number(n.value), weeks: Number(weeks.value), seed: Number(seed.value) };
      const t = await postJson('api/trials', body);
      await follow(t.id);
    } catch (err) {
      fill(status, errorBox(err));
    } finally {
      start.disabled = false;
    }
  });
  renderArms();
  container.append(el('section', { class: 'page trials' },
    el('aside', { class: 'side' }, el('h2', {}, 'Trial designer'),
      el('p', { class: 'lead' }, 'A virtual randomised trial: every subject drawn with their own covariates and variability, rated weekly on the MADRS.'),
      form, status),
    results));
  const id = route.params.get('id');
  if (id) follow(id).catch(err => fill(status, errorBox(err)));
}

function queryBox(id) {
  const sql = el('textarea', { rows: 3, class: 'sql', 'data-testid': 'sql', spellcheck: 'false' });
  sql.value = 'SELECT arm, week, response_rate, remission_rate FROM summary ORDER BY arm, week';
  const out = el('div', { 'data-testid': 'query-result' });
  const run = el('button', { type: 'button', 'data-testid': 'query-run' }, 'Run query');
  run.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const r = await postJson(`api/trials/${id}/query`, { sql: sql.value });
      fill(out, table(r.columns, r.data), r.truncated ? el('p', { class: 'hint' }, `first ${r.max_rows} rows shown`) : null);
    } catch (e) {
      fill(out, errorBox(e));
    } finally {
      run.disabled = false;
    }
  });
  return el('section', { class: 'query' }, el('h3', {}, 'Ask the results (read-only SQL on this trial)'),
    el('p', { class: 'hint' }, 'Tables: subjects, timecourses (weekly rows), weekly_scores, summary, time_to_response, madrs_percentiles, run_info. One SELECT; nothing can be changed.'),
    sql, el('div', { class: 'buttons' }, run), out);
}

