// The single-page front end: a hash router over the pages; each page module exports render(container, route).
import { fill, el } from './dom.js';
import { dropCharts } from './charts.js';
import * as regimen from './pages/regimen.js';
import * as scenarios from './pages/scenarios.js';
import * as trials from './pages/trials.js';
import * as model from './pages/model.js';
import * as sensitivity from './pages/sensitivity.js';

const pages = { regimen, scenarios, trials, model, sensitivity };

/** The route in the hash: #/page/rest?query -> {page, rest, params}. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const [page, ...rest] = path.split('/');
  return { page: pages[page] ? page : 'regimen', rest: rest.map(decodeURIComponent), params: new URLSearchParams(query) };
}

async function show() {
  const route = currentRoute();
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === route.page);
  const container = document.getElementById('page');
  dropCharts();
  fill(container);
  document.body.dataset.page = route.page;
  try {
    await pages[route.page].render(container, route);
  } catch (e) {
    container.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, e.message || String(e)));
  }
}

function start() {
  if (!window.uPlot) {
    fill(document.getElementById('page'), el('div', { class: 'error' }, 'The chart library (vendor/uPlot.iife.min.js) did not load.'));
    return;
  }
  window.addEventListener('hashchange', show);
  show();
}

// uPlot is a classic deferred script; it has run by the time the DOM is parsed.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
