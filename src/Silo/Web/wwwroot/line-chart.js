// A line chart of several series over a shared x axis (steps), drawn as inline SVG, with a legend and a hover
// read-out of every series' value nearest to the pointer.
import { h, number, svg } from './dom.js';

// Drawing units; the SVG scales to its container's width and keeps this aspect ratio.
const W = 960, H = 300;
const M = { left: 58, right: 14, top: 12, bottom: 34 };
const PLOT_W = W - M.left - M.right, PLOT_H = H - M.top - M.bottom;

// series: [{ label, colour, points: [[x, y], …], faint: [[x, y], …] | null }] — faint is drawn thin underneath
// (the raw values behind a smoothed line). markers draws a dot on every point (sparse series such as validation).
export function lineChart({ series, xLabel, markers = false }) {
  const all = series.flatMap(s => [...s.points, ...(s.faint ?? [])]);
  if (all.length === 0) return h('p', { class: 'muted chart-empty' }, 'No points yet.');
  const [x0, x1] = domain(all.map(p => p[0]));
  const [y0, y1] = domain(all.map(p => p[1]), 0.05);
  const sx = x => M.left + (x - x0) / (x1 - x0) * PLOT_W;
  const sy = y => M.top + (1 - (y - y0) / (y1 - y0)) * PLOT_H;
  const path = points => points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');

  const cursor = svg('line', { class: 'cursor', y1: M.top, y2: M.top + PLOT_H, visibility: 'hidden' });
  const chart = svg('svg', { class: 'line-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${series.length} series by ${xLabel}` },
    ticks(y0, y1, 5).map(y => [
      svg('line', { class: 'grid', x1: M.left, x2: M.left + PLOT_W, y1: sy(y), y2: sy(y) }),
      svg('text', { class: 'tick', x: M.left - 6, y: sy(y), 'text-anchor': 'end', 'dominant-baseline': 'middle' }, number(y, 3)),
    ]),
    ticks(x0, x1, 6).map(x => svg('text', { class: 'tick', x: sx(x), y: M.top + PLOT_H + 16, 'text-anchor': 'middle' }, number(x, 6))),
    svg('line', { class: 'axis', x1: M.left, x2: M.left + PLOT_W, y1: M.top + PLOT_H, y2: M.top + PLOT_H }),
    svg('text', { class: 'axis-label', x: M.left + PLOT_W, y: H - 2, 'text-anchor': 'end' }, xLabel),
    series.filter(s => s.faint?.length).map(s => svg('path', { class: 'faint', d: path(s.faint), stroke: s.colour })),
    series.filter(s => s.points.length).map(s => svg('path', { class: 'series', 'data-label': s.label, d: path(s.points), stroke: s.colour })),
    series.map(s => (markers || s.points.length === 1) && s.points.map(([x, y]) =>
      svg('circle', { class: 'marker', cx: sx(x), cy: sy(y), r: 3.5, fill: s.colour }))),
    cursor);

  const tip = h('div', { class: 'chart-tip', hidden: true });
  const wrap = h('div', { class: 'chart-wrap' }, chart, tip,
    h('div', { class: 'legend' }, series.map(s => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: { background: s.colour } }), s.label))));

  chart.addEventListener('pointermove', event => {
    const box = chart.getBoundingClientRect();
    const x = x0 + ((event.clientX - box.left) / box.width * W - M.left) / PLOT_W * (x1 - x0);
    const rows = series.map(s => ({ s, p: nearest(s.points, x) })).filter(r => r.p);
    if (!rows.length) return;
    const step = rows.reduce((a, b) => Math.abs(b.p[0] - x) < Math.abs(a.p[0] - x) ? b : a).p[0];
    cursor.setAttribute('x1', sx(step));
    cursor.setAttribute('x2', sx(step));
    cursor.setAttribute('visibility', 'visible');
    tip.replaceChildren(h('div', { class: 'tip-step' }, `${xLabel} ${step}`), rows.map(({ s, p }) =>
      h('div', {}, h('span', { class: 'swatch', style: { background: s.colour } }), `${s.label}: ${number(p[1])}`, p[0] !== step ? h('span', { class: 'muted' }, ` (at ${p[0]})`) : null)));
    tip.hidden = false;
    const left = event.clientX - box.left + 14;
    tip.style.left = `${left + tip.offsetWidth > box.width ? left - tip.offsetWidth - 28 : left}px`;
    tip.style.top = `${event.clientY - box.top + 10}px`;
  });
  chart.addEventListener('pointerleave', () => {
    tip.hidden = true;
    cursor.setAttribute('visibility', 'hidden');
  });
  return wrap;
}

// [min, max] of the values, widened by `pad` of the span, and never empty (a single value gets room around it).
function domain(values, pad = 0) {
  let min = Math.min(...values), max = Math.max(...values);
  if (min === max) {
    const room = Math.abs(min) * 0.1 || 1;
    return [min - room, max + room];
  }
  const margin = (max - min) * pad;
  return [min - margin, max + margin];
}

// Round tick values (1, 2 or 5 × 10^k apart), about `count` of them, inside [min, max].
function ticks(min, max, count) {
  const rough = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].find(f => f * magnitude >= rough) * magnitude;
  const values = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

function nearest(points, x) {
  let best = null;
  for (const p of points) if (!best || Math.abs(p[0] - x) < Math.abs(best[0] - x)) best = p;
  return best;
}
