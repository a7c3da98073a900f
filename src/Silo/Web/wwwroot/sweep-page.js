// One sweep: a header with its state, tabs for the overview, the sample grid and the two-arm comparison. The sweep
// is polled while any arm is unfinished, and the open tab is updated with every answer.
import { api, canOperate } from './api.js';
import { sweepControls } from './sweep-controls.js';
import { h, notice, statusPill } from './dom.js';
import { poll } from './poll.js';
import { sweepHref } from './sweep-link.js';
import { overviewTab } from './overview-tab.js';
import { gridTab } from './grid-tab.js';
import { compareTab } from './compare-tab.js';

const REFRESH_MS = 2000;
const TABS = [
  { id: 'overview', title: 'Overview', create: overviewTab },
  { id: 'grid', title: 'Samples', create: gridTab },
  { id: 'compare', title: 'Compare', create: compareTab },
];

export function sweepPage(root, name, tabId, params) {
  const tab = TABS.find(t => t.id === tabId) ?? TABS[0];
  const state = h('div', { class: 'sweep-state' });
  const body = h('div', { class: 'tab-body' });
  root.append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Sweeps'), ' / ', h('span', {}, name)),
    h('div', { class: 'sweep-header' }, h('h1', {}, name), state),
    h('nav', { class: 'tabs', role: 'tablist' }, TABS.map(t =>
      h('a', { class: t === tab ? 'tab active' : 'tab', role: 'tab', 'aria-selected': String(t === tab), href: sweepHref(name, t.id) }, t.title))),
    body);
  const view = tab.create(body, name, params);
  let controls = null;
  const load = async () => {
    const sweep = await api.sweep(name);
    state.replaceChildren(...sweepState(sweep));
    controls?.update(sweep);
    await view.update(sweep);
    return !sweep.finished;
  };
  const onError = error => body.replaceChildren(notice(error.message, 'error'));
  let stop = poll(load, REFRESH_MS, onError);
  api.role().then(role => {
    if (!canOperate(role)) return;
    // After a control, poll again at once: a resumed sweep is live again, though its poll had ended.
    controls = sweepControls(name, () => {
      stop();
      stop = poll(load, REFRESH_MS, onError);
    });
    state.after(controls.element);
  }, () => { /* the sweep's poll shows the error */ });
  return {
    dispose() {
      stop();
      view.dispose?.();
    },
  };
}

function sweepState(sweep) {
  const counts = new Map();
  for (const arm of sweep.arms) counts.set(arm.status, (counts.get(arm.status) ?? 0) + 1);
  return [
    ...[...counts].map(([status, count]) => h('span', { class: 'count' }, statusPill(status), ` ${count}`)),
    sweep.finished
      ? h('span', { class: 'live done' }, 'finished')
      : h('span', { class: 'live', title: `refreshes every ${REFRESH_MS / 1000} s` }, 'live'),
  ];
}
