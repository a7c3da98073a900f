// Starting a sweep from the page: a spec pasted or loaded from a file, sent as written; the silo validates it as
// `zsweep run` does and its named errors are listed under the form.
import { api, ApiError } from './api.js';
import { h, notice } from './dom.js';
import { sweepHref } from './sweep-link.js';

export function newSweepForm() {
  const spec = h('textarea', { class: 'spec-text', rows: '10', spellcheck: 'false', 'aria-label': 'Sweep spec',
    placeholder: 'name: my-sweep\nbase: …\naxes: …' });
  const file = h('input', { type: 'file', accept: '.yaml,.yml,.json', 'aria-label': 'Spec file' });
  const errors = h('div', { class: 'spec-errors', 'aria-live': 'polite' });
  const start = h('button', { class: 'button', type: 'submit' }, 'Start sweep');
  file.addEventListener('change', async () => {
    if (file.files.length) spec.value = await file.files[0].text();
  });
  const form = h('form', { class: 'card new-sweep', 'aria-label': 'Start a sweep' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Start a sweep'), file),
    spec,
    h('div', { class: 'form-buttons' }, start),
    errors);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    errors.replaceChildren();
    start.disabled = true;
    try {
      const sweep = await api.startSweep(spec.value);
      location.hash = sweepHref(sweep.name);
    } catch (error) {
      errors.replaceChildren(error instanceof ApiError && error.errors.length
        ? h('ul', { class: 'notice notice-error' }, error.errors.map(e => h('li', {}, e)))
        : notice(error.message, 'error'));
    } finally {
      start.disabled = false;
    }
  });
  return form;
}
