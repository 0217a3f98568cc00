// Small DOM helpers: elements are built from data (text nodes only, never HTML strings), so user text cannot inject markup.

/** Creates an element: el('div', {class: 'x', 'data-testid': 'y', onclick: f}, child, 'text', ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'value') node.value = value;
    else if (key === 'checked') node.checked = !!value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A select with options [value] or [[value, text]]. */
export function select(attrs, options, selected) {
  return el('select', attrs, options.map(o => {
    const [value, text] = Array.isArray(o) ? o : [o, o];
    return el('option', { value, selected: value === selected }, text);
  }));
}

/** A labelled form field. */
export function field(label, input, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), input, hint ? el('span', { class: 'hint' }, hint) : null);
}

/** An error box with the message (and line/column for model errors). */
export function errorBox(error) {
  return el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, error.message || String(error));
}

/** Formats a number for tables: up to 4 significant digits, or an em dash for none. */
export function num(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return '\u2014';
  if (typeof value !== 'number') return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(digits)));
}

/** A table from column names and rows. */
export function table(columns, rows, attrs = {}) {
  return el('table', { class: 'data', ...attrs },
    el('thead', {}, el('tr', {}, columns.map(c => el('th', {}, c)))),
    el('tbody', {}, rows.map(r => el('tr', {}, r.map(v => el('td', {}, v instanceof Node ? v : (typeof v === 'number' ? num(v) : (v ?? '\u2014'))))))));
}

/** Offers a blob as a file download. */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Renders markdown-ish text (**bold**, `code`) as nodes, without interpreting HTML. */
export function richText(text) {
  const parts = [];
  const pattern = /(\*\*[^*]+\*\*|`[^`]+`)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const token = m[0];
    parts.push(token.startsWith('**') ? el('strong', {}, token.slice(2, -2)) : el('code', {}, token.slice(1, -1)));
    last = m.index + token.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
