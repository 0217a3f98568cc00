// Sensitivity: placeholder until the sensitivity endpoint exists.
import { el } from '../dom.js';

export async function render(container) {
  container.append(el('section', { class: 'page' }, el('h2', {}, 'Sensitivity'), el('p', {}, 'Not available yet.')));
}
