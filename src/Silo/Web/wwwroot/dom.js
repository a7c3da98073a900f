// Small helpers to build the page from data: elements, SVG elements and number formatting.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('div', { class: 'x', onclick: f, title: 't' }, child, 'text', [more children]) → an element.
export function h(tag, props = {}, ...children) {
  return assemble(document.createElement(tag), props, children);
}

export function svg(tag, props = {}, ...children) {
  return assemble(document.createElementNS(SVG_NS, tag), props, children);
}

function assemble(element, props, children) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'style' && typeof value === 'object') Object.assign(element.style, value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// Losses span decades over a run; four significant digits keep them comparable without noise.
export function number(value, digits = 4) {
  if (value === undefined || value === null || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

// A label for a LoRA weight such as "LoRA × 0.5".
export function weightLabel(weight) {
  return `LoRA × ${Number(weight.toPrecision(3))}`;
}

// Ten distinguishable colours; an arm keeps its colour (by its position in the sweep) in every view.
const PALETTE = ['#2f6fd0', '#e0662d', '#2a9d55', '#c2377d', '#7b52c7', '#b8860b', '#1797a6', '#d94343', '#5b6b7f', '#8c6d46'];

export function armColour(index) {
  return PALETTE[index % PALETTE.length];
}

// A message box in place of content that could not load (or does not exist yet).
export function notice(text, kind = 'info') {
  return h('div', { class: `notice notice-${kind}` }, text);
}

// Fills a <select> with [value, text] options and selects one. The options are rebuilt only when they changed, so
// a refresh does not close a list the user has open.
export function setOptions(select, options, selected) {
  const key = JSON.stringify(options);
  if (select.dataset.options !== key) {
    select.replaceChildren(...options.map(([value, text]) => h('option', { value }, text)));
    select.dataset.options = key;
  }
  select.value = selected ?? '';
}

export function statusPill(status) {
  return h('span', { class: `pill status-${status.toLowerCase()}` }, status);
}
