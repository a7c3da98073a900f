// The verdict panel: every pair of arms compared item by item at the latest checkpoint all of them reached
// (GET /api/sweeps/<sweep>/verdict). A matrix whose cell (row A, column B) shows the mean of A − B with its 95 %
// interval as a bar around zero; the winner is named, and "no detectable difference" is said in words.
import { api, ApiError } from './api.js';
import { h, notice, number, setOptions } from './dom.js';

const METRICS = [['validation-loss', 'Validation loss'], ['turbo-drift', 'Turbo drift'], ['trigger-leakage', 'Trigger leakage']];

export function verdictPanel(name) {
  const metric = h('select', { 'aria-label': 'Verdict metric' });
  setOptions(metric, METRICS, METRICS[0][0]);
  const content = h('div', { class: 'verdict-body' });
  const element = h('section', { class: 'card verdict', 'data-panel': 'verdict' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Verdict'), h('label', { class: 'control' }, 'Metric ', metric)),
    content);

  async function update() {
    try {
      content.replaceChildren(render(await api.verdict(name, metric.value)));
    } catch (e) {
      // 400: no verdict can be given yet (too few arms validated, no shared step); the detail says which.
      if (!(e instanceof ApiError) || e.status !== 400) throw e;
      content.replaceChildren(notice(`No verdict yet: ${e.message}`));
    }
  }
  metric.addEventListener('change', () => update());
  return { element, update };
}

function render(verdict) {
  const labels = new Map(verdict.arms.map(a => [a.id, a.label]));
  const pairOf = new Map(verdict.pairs.flatMap(p => [[`${p.a}|${p.b}`, { ...p, sign: 1 }], [`${p.b}|${p.a}`, { ...p, sign: -1 }]]));
  // One scale for every bar, so their lengths compare across cells.
  const scale = Math.max(...verdict.pairs.flatMap(p => [Math.abs(p.ci_low), Math.abs(p.ci_high)]), 1e-12);
  return h('div', {},
    h('p', { class: 'verdict-summary' }, summary(verdict, labels)),
    h('p', { class: 'muted' },
      `${verdict.metric} at step ${verdict.step}, lower is better. Cell: mean of row − column over shared items, `
      + `bar = 95 % bootstrap interval (zero in the middle); Wilcoxon signed-rank p, Holm-adjusted over ${verdict.pairs.length} pair${verdict.pairs.length === 1 ? '' : 's'}, α = ${verdict.alpha}.`),
    h('table', { class: 'table verdict-matrix' },
      h('thead', {}, h('tr', {}, h('th', {}, ''), verdict.arms.map(b => h('th', {}, b.label)))),
      h('tbody', {}, verdict.arms.map(a => h('tr', { 'data-arm': a.id },
        h('th', {}, a.label, h('div', { class: 'muted' }, `${number(a.mean)} ± ${number(a.ci_half_width, 2)} (n = ${a.n})`
          + (a.replicates > 1 ? `, ${a.replicates} seeds, seed SD ${number(a.seed_sd, 2)}` : ''))),
        verdict.arms.map(b => a.id === b.id ? h('td', { class: 'diagonal' }, '') : cell(pairOf.get(`${a.id}|${b.id}`), labels, scale)))))));
}

function summary(verdict, labels) {
  const best = verdict.arms.find(a => verdict.pairs.every(p => (p.a !== a.id && p.b !== a.id) || p.winner === a.id));
  if (best) return h('span', {}, 'Winner: ', h('strong', { class: 'winner' }, labels.get(best.id)), ' — better than every other arm.');
  if (verdict.pairs.every(p => p.winner == null)) return h('strong', {}, 'No detectable difference between any two arms at this number of items.');
  return h('span', {}, 'No single winner: some pairs differ (marked below), none beats every other arm.');
}

// The pair seen from the row arm: sign −1 flips a − b into b − a.
function cell(pair, labels, scale) {
  const low = pair.sign > 0 ? pair.ci_low : -pair.ci_high, high = pair.sign > 0 ? pair.ci_high : -pair.ci_low;
  const mean = pair.sign * pair.mean_diff;
  const at = v => `${50 + 50 * v / scale}%`;
  const outcome = pair.winner == null
    ? h('span', { class: 'no-difference' }, 'no detectable difference')
    : h('span', { class: 'winner' }, `${labels.get(pair.winner)} better`);
  return h('td', { class: pair.winner == null ? 'pair' : 'pair decided', title: `n = ${pair.n}, p = ${number(pair.p, 3)}, p adj. = ${number(pair.p_adjusted, 3)}` },
    h('div', { class: 'ci-bar', role: 'img', 'aria-label': `mean ${number(mean)}, 95 % CI ${number(low)} to ${number(high)}` },
      h('span', { class: 'ci-zero' }),
      h('span', { class: 'ci-range', style: { left: at(low), width: `${50 * (high - low) / scale}%` } }),
      h('span', { class: 'ci-mean', style: { left: at(mean) } })),
    h('div', { class: 'num' }, `${number(mean)} [${number(low)}, ${number(high)}]`),
    h('div', { class: 'muted' }, `p adj. ${number(pair.p_adjusted, 3)}`),
    outcome);
}
