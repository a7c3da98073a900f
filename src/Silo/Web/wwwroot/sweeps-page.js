// The start page: every sweep, newest first, with its arms counted by status and its overall progress, kept current.
import { api, canOperate } from './api.js';
import { newSweepForm } from './new-sweep-form.js';
import { h, notice, statusPill } from './dom.js';
import { poll } from './poll.js';
import { progressBar } from './progress-bar.js';
import { sweepHref } from './sweep-link.js';

const REFRESH_MS = 5000;

export function sweepsPage(root) {
  const body = h('section', { class: 'card' }, notice('Loading sweeps…'));
  root.append(h('h1', {}, 'Sweeps'), body);
  // Only roles that may start sweeps see the form; the form goes above the list once the role is known.
  api.role().then(role => { if (canOperate(role)) body.before(newSweepForm()); }, () => { /* the list shows the error */ });
  const stop = poll(async () => {
    const sweeps = await api.sweeps();
    body.replaceChildren(sweeps.length ? sweepsTable(sweeps) : notice('No sweeps yet. Start one here or with zsweep run spec.yaml (or zsweep demo).'));
    return true; // a new sweep can start at any time

  }, REFRESH_MS, error => body.replaceChildren(notice(error.message, 'error')));
  return { dispose: stop };
}

function sweepsTable(sweeps) {
  return h('table', { class: 'table sweeps' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Sweep'), h('th', { class: 'num' }, 'Arms'), h('th', {}, 'Status'), h('th', {}, 'Progress'))),
    h('tbody', {}, sweeps.map(s => h('tr', {},
      h('td', {}, h('a', { class: 'sweep-name', href: sweepHref(s.name) }, s.name)),
      h('td', { class: 'num' }, s.arms),
      h('td', {}, Object.entries(s.statusCounts).map(([status, count]) => h('span', { class: 'count' }, statusPill(status), ` ${count}`))),
      h('td', { class: 'progress-cell' }, progressBar(s.step, s.totalSteps))))));
}
