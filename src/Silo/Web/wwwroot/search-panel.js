// An adaptive search's proposals in order (proposal number, assignment, observed objective), below the arms table.
import { h, number } from './dom.js';

export function searchPanel(sweep) {
  const search = sweep.search;
  if (!search) return [];
  const observed = new Map(search.observations.map(o => [o.armId, o.value]));
  return [
    h('h3', {}, `${search.method} search: ${sweep.arms.length} of ${search.count} arms proposed, minimising ${search.objective}`),
    h('ol', { class: 'search-proposals' }, ...sweep.arms.map(a =>
      h('li', {}, `${a.label} `, h('span', { class: 'muted' }, observed.has(a.id) ? `${search.objective} ${number(observed.get(a.id))}` : 'not observed yet')))),
  ];
}
