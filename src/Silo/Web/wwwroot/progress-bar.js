import { h } from './dom.js';

// A bar with "step / total" beside it.
export function progressBar(step, total) {
  const fraction = total > 0 ? Math.min(1, step / total) : 0;
  return h('div', { class: 'progress', title: `${Math.round(fraction * 100)} %` },
    h('div', { class: 'progress-track' }, h('div', { class: 'progress-fill', style: { width: `${fraction * 100}%` } })),
    h('span', { class: 'progress-text' }, `${step} / ${total}`));
}
