// The overview: every arm's status, progress, loss and validation signals, the verdict between them, and the curves of all arms together.
import { api } from './api.js';
import { armColour, h, number, statusPill } from './dom.js';
import { lineChart } from './line-chart.js';
import { progressBar } from './progress-bar.js';
import { sweepHref } from './sweep-link.js';
import { searchPanel } from './search-panel.js';
import { verdictPanel } from './verdict-panel.js';

const CURVE_POINTS = 400;
// The validation signals, each shown only when some arm reports it; all are better when lower.
const SIGNALS = [
  { key: 'validationLoss', title: 'Val loss', chart: 'Validation loss' },
  { key: 'turboDrift', title: 'Turbo drift', chart: 'Turbo drift (0 = as consistent as the base model)' },
  { key: 'triggerLeakage', title: 'Trigger leakage', chart: 'Trigger leakage (0 = no leakage)' },
];

export function overviewTab(body, name) {
  const arms = h('section', { class: 'card' });
  const smoothing = h('input', { type: 'range', min: '0', max: '0.95', step: '0.05', value: '0.6', 'aria-label': 'Smoothing' });
  const smoothingValue = h('span', { class: 'muted' });
  const lossChart = h('div', { class: 'chart', 'data-chart': 'loss' });
  const signalCharts = h('div', { class: 'signal-charts' });
  const verdict = verdictPanel(name);
  body.append(arms, verdict.element, h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Training loss'),
      h('label', { class: 'control' }, 'Smoothing ', smoothing, smoothingValue)),
    lossChart),
    signalCharts);

  let last = null;
  function draw() {
    const { sweep, curves } = last;
    const weight = Number(smoothing.value);
    smoothingValue.textContent = ` ${weight.toFixed(2)}`;
    const colourOf = armColours(sweep);
    lossChart.replaceChildren(lineChart({
      xLabel: 'step',
      series: curves.map(c => ({
        label: c.label, colour: colourOf(c.armId),
        points: smooth(c.loss.map(p => [p.step, p.loss]), weight),
        faint: weight > 0 ? c.loss.map(p => [p.step, p.loss]) : null,
      })),
    }));
    signalCharts.replaceChildren(...SIGNALS.filter(s => curves.some(c => c.validation.some(v => v[s.key] != null))).map(s =>
      h('section', { class: 'card' }, h('h2', {}, s.chart), h('div', { class: 'chart', 'data-chart': s.key }, lineChart({
        xLabel: 'step', markers: true,
        series: curves.map(c => ({
          label: c.label, colour: colourOf(c.armId),
          points: c.validation.filter(v => v[s.key] != null).map(v => [v.step, v[s.key]]),
        })),
      })))));
  }
  smoothing.addEventListener('input', () => last && draw());

  return {
    async update(sweep) {
      arms.replaceChildren(h('h2', {}, 'Arms'), armsTable(sweep), ...searchPanel(sweep));
      last = { sweep, curves: await api.curves(name, CURVE_POINTS) };
      draw();
      await verdict.update();
    },
  };
}

function armColours(sweep) {
  const index = new Map(sweep.arms.map((a, i) => [a.id, i]));
  return id => armColour(index.get(id) ?? 0);
}

function armsTable(sweep) {
  const signals = SIGNALS.filter(s => sweep.arms.some(a => a.validation?.[s.key] != null));
  // The lowest value of a column, marked only where there is something to compare it with.
  const best = key => {
    const values = sweep.arms.map(key).filter(v => v != null);
    return values.length > 1 ? Math.min(...values) : null;
  };
  const bestRecent = best(a => a.recentLoss), bestLast = best(a => a.lastLoss), bestBest = best(a => a.bestLoss);
  const bestSignal = Object.fromEntries(signals.map(s => [s.key, best(a => a.validation?.[s.key])]));
  const value = (v, bestValue) => h('td', { class: v != null && v === bestValue ? 'num best' : 'num' }, number(v));
  return h('table', { class: 'table arms' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'Arm'), h('th', {}, 'Status'), h('th', {}, 'Progress'),
      h('th', { class: 'num', title: 'Mean training loss of the last 10 % of steps: what arms are ranked by' }, 'Recent loss'),
      h('th', { class: 'num' }, 'Last loss'), h('th', { class: 'num' }, 'Best loss'),
      signals.map(s => h('th', { class: 'num', title: `at the arm's latest checkpoint` }, s.title)))),
    h('tbody', {}, sweep.arms.map((arm, i) => h('tr', { 'data-arm': arm.id },
      h('td', {}, h('span', { class: 'swatch', style: { background: armColour(i) } }),
        h('a', { class: 'arm-label', href: sweepHref(sweep.name, 'compare', { a: arm.id }) }, arm.label)),
      h('td', {}, statusPill(arm.status),
        // A stopped arm's reason is the early-stopping decision with its statistic; a failed one's is its error.
        arm.reason ? h('div', { class: arm.status === 'Stopped' ? 'reason stopped' : 'reason' }, arm.reason) : null,
        arm.recoveries > 0 ? h('div', { class: 'muted' }, `recovered ${arm.recoveries}×`) : null,
        // Arms packed on one GPU slot train together on one frozen base (issue 18).
        arm.packedWith?.length ? h('div', { class: 'muted packed' }, `slot ${arm.slot} with ${arm.packedWith.join(', ')}`) : null),
      h('td', { class: 'progress-cell' }, progressBar(arm.step, arm.totalSteps)),
      value(arm.recentLoss, bestRecent), value(arm.lastLoss, bestLast), value(arm.bestLoss, bestBest),
      signals.map(s => value(arm.validation?.[s.key], bestSignal[s.key]))))));
}

// Exponential moving average with the start-up bias removed (as TensorBoard smooths), so early points are not pulled to 0.
function smooth(points, weight) {
  if (weight <= 0) return points;
  let average = 0;
  return points.map(([x, y], i) => {
    average = average * weight + (1 - weight) * y;
    return [x, average / (1 - weight ** (i + 1))];
  });
}
