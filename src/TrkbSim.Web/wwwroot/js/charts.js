// Line charts with uPlot: linked cursors, optional log scale, shaded 5-95 % bands, PNG export.
import { el } from './dom.js';

/** Colours of the compared regimens / arms / runs, in order. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
/** Dash patterns for several series of one regimen in one panel. */
export const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

const live = new Set();
window.__trkbsim = window.__trkbsim || { charts: {} };

/** A translucent version of a #rrggbb colour. */
export function fade(color, alpha) {
  const n = parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * A chart in a panel. spec: {id, title, yLabel, xLabel, log, sync, height,
 *   tables: [{x: [...], series: [{label, y, color, dash, band: {lo, hi}}]}]}.
 * Tables with different x values are joined (gaps bridged), so regimens of different lengths overlay.
 */
export function lineChart(spec) {
  const panel = el('figure', { class: 'panel', 'data-testid': `chart-${spec.id}` },
    el('figcaption', {}, spec.title));
  const body = el('div', { class: 'panel-body' });
  panel.append(body);
  const clean = v => (v === null || v === undefined || !Number.isFinite(v) || (spec.log && v <= 0)) ? null : v;
  const uSeries = [{ label: spec.xLabel || 'x' }];
  const bands = [];
  const tables = [];
  let index = 1;
  for (const t of spec.tables) {
    const columns = [t.x];
    for (const s of t.series) {
      columns.push(s.y.map(clean));
      uSeries.push({ label: s.label, stroke: s.color, width: s.width || 1.6, dash: s.dash || [], spanGaps: true, points: { show: false } });
      const main = index++;
      if (s.band) {
        columns.push(s.band.hi.map(clean), s.band.lo.map(clean));
        for (const which of ['p95', 'p5']) {
          uSeries.push({ label: `${s.label} ${which}`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false }, class: 'band' });
        }
        bands.push({ series: [main + 1, main + 2], fill: fade(s.color, 0.18) });
        index += 2;
      }
    }
    tables.push(columns);
  }
  const data = tables.length === 1 ? tables[0] : window.uPlot.join(tables);
  const options = {
    width: 400,
    height: spec.height || 230,
    series: uSeries,
    bands,
    scales: { x: { time: false }, y: spec.log ? { distr: 3 } : (spec.range ? { range: spec.range } : {}) },
    axes: [
      { label: spec.xLabel || '', size: 40 },
      { label: spec.yLabel || '', size: 64, labelSize: 18 },
    ],
    cursor: spec.sync ? { sync: { key: spec.sync } } : {},
    legend: { live: true },
  };
  const plot = new window.uPlot(options, data, body);
  plot.__panel = panel;
  plot.__title = spec.title;
  live.add(plot);
  window.__trkbsim.charts[spec.id] = plot;
  panel.dataset.series = JSON.stringify(uSeries.slice(1).filter(s => s.class !== 'band').map(s => s.label));
  requestAnimationFrame(() => fit(plot));
  return panel;
}

function fit(plot) {
  const body = plot.root.parentElement;
  if (!body || !body.isConnected) { live.delete(plot); return; }
  const width = Math.max(280, Math.floor(body.clientWidth));
  if (Math.abs(width - plot.width) > 2) plot.setSize({ width, height: plot.height });
}

window.addEventListener('resize', () => { for (const p of [...live]) fit(p); });

/** Forgets the charts of a page that is being replaced. */
export function dropCharts() {
  for (const p of live) p.destroy();
  live.clear();
  window.__trkbsim.charts = {};
}

/** One PNG of every live chart in a container, two per row, with titles. */
export function chartsPng(container) {
  const plots = [...live].filter(p => container.contains(p.root));
  if (plots.length === 0) return Promise.resolve(null);
  const ratio = window.devicePixelRatio || 1;
  const cellW = Math.max(...plots.map(p => p.ctx.canvas.width));
  const cellH = Math.max(...plots.map(p => p.ctx.canvas.height)) + 28 * ratio;
  const cols = plots.length > 1 ? 2 : 1;
  const canvas = document.createElement('canvas');
  canvas.width = cols * cellW;
  canvas.height = Math.ceil(plots.length / cols) * cellH;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  plots.forEach((p, i) => {
    const x = (i % cols) * cellW, y = Math.floor(i / cols) * cellH;
    ctx.fillStyle = '#222';
    ctx.font = `${14 * ratio}px sans-serif`;
    ctx.fillText(p.__title, x + 8 * ratio, y + 18 * ratio);
    ctx.drawImage(p.ctx.canvas, x, y + 28 * ratio);
  });
  return new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
}
