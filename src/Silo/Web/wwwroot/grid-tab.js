// The sample grid: every arm (rows) × prompt and LoRA weight (columns) at one sample step, chosen with a slider.
// It follows the newest step while the sweep runs, until the user picks another.
import { api } from './api.js';
import { armColour, h, notice, number, statusPill } from './dom.js';
import { sampleAt, sampleColumns } from './sample-columns.js';
import { sampleImage } from './sample-image.js';
import { rememberState, sweepHref } from './sweep-link.js';
import { stepSlider } from './step-slider.js';

export function gridTab(body, name, params) {
  let sweep = null;
  let step = params.has('step') ? Number(params.get('step')) : null;
  let following = step === null;
  let request = 0;
  let shown = null;
  const slider = stepSlider(chosen => {
    step = chosen;
    following = chosen === sweep.sampleSteps.at(-1);
    rememberState(name, 'grid', { step });
    load();
  });
  const links = h('span', { class: 'toolbar-extra' });
  const content = h('div', { class: 'grid-content' });
  body.append(h('section', { class: 'card' }, h('div', { class: 'toolbar' }, slider.element, links), content));

  async function load() {
    const mine = ++request;
    try {
      const view = await api.step(name, step);
      if (mine !== request) return; // the slider moved on while this step loaded
      // Polling brings the same answer most of the time: rebuild only what changed, so images do not flicker.
      const key = JSON.stringify([view, sweep.arms.map(a => [a.status, a.step])]);
      if (key === shown) return;
      shown = key;
      links.replaceChildren(view.gridUrl ? h('a', { href: view.gridUrl, target: '_blank', rel: 'noopener' }, 'Grid PNG') : '');
      content.replaceChildren(gridTable(sweep, view));
    } catch (error) {
      if (mine !== request) return;
      shown = null;
      content.replaceChildren(notice(error.message, 'error'));
    }
  }

  return {
    async update(current) {
      sweep = current;
      const steps = sweep.sampleSteps;
      if (!steps.length) {
        slider.set([], null);
        content.replaceChildren(notice('No samples yet: each arm writes them every sample_every steps.'));
        return;
      }
      if (following || !steps.includes(step)) step = steps.at(-1);
      slider.set(steps, step);
      await load();
    },
  };
}

function gridTable(sweep, view) {
  const columns = sampleColumns(view);
  const byArm = new Map(view.arms.map(a => [a.armId, a]));
  return h('div', { class: 'grid-scroll' }, h('table', { class: 'sample-grid', 'data-step': view.step },
    h('thead', {}, h('tr', {}, h('th', {}, 'Arm'), columns.map(c => h('th', { class: 'prompt-head', title: c.prompt },
      h('span', { class: 'prompt-index' }, `#${c.promptIndex + 1}`), h('span', { class: 'prompt-text' }, c.prompt),
      c.weight ? h('span', { class: 'weight' }, c.weight) : null)))),
    h('tbody', {}, sweep.arms.map((arm, i) => {
      const armStep = byArm.get(arm.id);
      return h('tr', { 'data-arm': arm.id },
        h('th', { class: 'arm-cell' },
          h('div', {}, h('span', { class: 'swatch', style: { background: armColour(i) } }), h('span', { class: 'arm-label' }, arm.label)),
          h('div', {}, statusPill(arm.status)),
          arm.status === 'Stopped' && arm.reason ? h('div', { class: 'reason stopped' }, arm.reason) : null,
          validationLine(armStep?.validation)),
        columns.map(c => h('td', {}, cell(sweep, arm, view.step, armStep, c))));
    }))));
}

function cell(sweep, arm, step, armStep, column) {
  if (!armStep?.reached) {
    const finished = ['Completed', 'Failed', 'Cancelled', 'Stopped'].includes(arm.status);
    const where = arm.status === 'Stopped' ? `stopped early at step ${arm.step}` : finished ? `stopped at step ${arm.step}` : `at step ${arm.step} now`;
    return h('div', { class: 'not-reached' }, h('strong', {}, 'not reached'), h('span', {}, where));
  }
  const sample = sampleAt(armStep, column.key);
  if (!sample) return h('div', { class: 'not-reached' }, 'no such sample');
  return h('a', { href: sweepHref(sweep.name, 'compare', { a: arm.id, step, sample: column.key }), title: `Compare ${arm.label} with another arm` },
    sampleImage(sample.url, `${arm.label}, step ${step}: ${sample.prompt}`));
}

function validationLine(validation) {
  if (!validation) return null;
  const parts = [['val', validation.validationLoss], ['drift', validation.turboDrift], ['leak', validation.triggerLeakage]]
    .filter(([, v]) => v != null).map(([k, v]) => `${k} ${number(v, 3)}`);
  return parts.length ? h('div', { class: 'muted small' }, parts.join(' · ')) : null;
}
