// Two arms at the same step and sample, as a swipe (drag a divider between A and B) or as their difference.
import { api } from './api.js';
import { armColour, h, notice, setOptions } from './dom.js';
import { differenceView } from './difference-view.js';
import { sampleAt, sampleColumns } from './sample-columns.js';
import { rememberState } from './sweep-link.js';
import { stepSlider } from './step-slider.js';
import { swipeView } from './swipe-view.js';

// Early in training arms differ by a few levels per channel: the difference can be brightened to show them.
const AMPLIFICATIONS = [1, 4, 16];

export function compareTab(body, name, params) {
  const state = {
    a: params.get('a'), b: params.get('b'),
    step: params.has('step') ? Number(params.get('step')) : null,
    sample: params.get('sample'),
    mode: params.get('mode') === 'difference' ? 'difference' : 'swipe',
    amplify: AMPLIFICATIONS.includes(Number(params.get('amplify'))) ? Number(params.get('amplify')) : 1,
  };
  let sweep = null;
  let view = null;
  let shown = null;
  let request = 0;

  const selectA = h('select', { class: 'arm-a', 'aria-label': 'Arm A' });
  const selectB = h('select', { class: 'arm-b', 'aria-label': 'Arm B' });
  const selectSample = h('select', { class: 'sample-choice', 'aria-label': 'Sample' });
  const swap = h('button', { type: 'button', class: 'button', title: 'Swap A and B' }, '⇄');
  const modes = ['swipe', 'difference'].map(mode =>
    h('button', { type: 'button', class: 'button mode', 'data-mode': mode }, mode === 'swipe' ? 'Swipe' : 'Difference'));
  const amplify = h('select', { class: 'amplify' }, AMPLIFICATIONS.map(k => h('option', { value: String(k) }, `×${k}`)));
  const amplifyLabel = h('label', { class: 'control' }, 'Brighten ', amplify);
  const slider = stepSlider(step => {
    state.step = step;
    changed(true);
  });
  const stage = h('div', { class: 'compare-stage' });
  body.append(h('section', { class: 'card' },
    h('div', { class: 'toolbar compare-arms' },
      h('label', { class: 'control' }, h('span', { class: 'tag-letter' }, 'A'), selectA), swap,
      h('label', { class: 'control' }, h('span', { class: 'tag-letter' }, 'B'), selectB)),
    h('div', { class: 'toolbar' }, slider.element),
    h('div', { class: 'toolbar' }, h('label', { class: 'control' }, 'Sample ', selectSample),
      h('span', { class: 'segmented' }, modes), amplifyLabel),
    stage));

  selectA.addEventListener('change', () => { state.a = selectA.value; changed(false); });
  selectB.addEventListener('change', () => { state.b = selectB.value; changed(false); });
  selectSample.addEventListener('change', () => { state.sample = selectSample.value; changed(false); });
  swap.addEventListener('click', () => {
    [state.a, state.b] = [state.b, state.a];
    changed(false);
  });
  for (const button of modes) button.addEventListener('click', () => { state.mode = button.dataset.mode; changed(false); });
  amplify.addEventListener('change', () => { state.amplify = Number(amplify.value); changed(false); });

  // Keeps the address in step with the choices; a new step needs its samples loaded, anything else only a redraw.
  function changed(stepChanged) {
    rememberState(name, 'compare', { a: state.a, b: state.b, step: state.step, sample: state.sample, mode: state.mode, amplify: state.amplify > 1 ? state.amplify : null });
    if (stepChanged) load();
    else render();
  }

  async function load() {
    const mine = ++request;
    try {
      const loaded = await api.step(name, state.step);
      if (mine !== request) return;
      view = loaded;
      render();
    } catch (error) {
      if (mine !== request) return;
      shown = null;
      stage.replaceChildren(notice(error.message, 'error'));
    }
  }

  function render() {
    const arms = sweep.arms.map(arm => [arm.id, arm.label]);
    setOptions(selectA, arms, state.a);
    setOptions(selectB, arms, state.b);
    for (const button of modes) button.classList.toggle('active', button.dataset.mode === state.mode);
    amplifyLabel.hidden = state.mode !== 'difference';
    amplify.value = String(state.amplify);
    if (!view) return;
    const columns = sampleColumns(view);
    if (!columns.some(c => c.key === state.sample)) state.sample = columns[0]?.key ?? null;
    setOptions(selectSample, columns.map(c => [c.key, `#${c.promptIndex + 1} ${c.prompt}${c.weight ? ` (${c.weight})` : ''}`]), state.sample);
    const [key, build] = comparison();
    // Polling brings the same answer most of the time: keep the stage (and the divider where the user left it).
    if (key !== shown) stage.replaceChildren(build());
    shown = key;
  }

  // What the stage shows, as a key to tell whether it changed, and how to build it.
  function comparison() {
    const side = id => {
      const index = sweep.arms.findIndex(a => a.id === id);
      const arm = sweep.arms[index];
      const armStep = view.arms.find(a => a.armId === id);
      return { arm, colour: armColour(index), label: arm.label, reached: armStep?.reached, sample: sampleAt(armStep, state.sample) };
    };
    const a = side(state.a), b = side(state.b);
    const missing = [a, b].filter(s => !s.reached).map(s => `${s.label} has not reached step ${view.step} (it is at step ${s.arm.step}).`).join(' ');
    if (missing) return [missing, () => notice(missing, 'warn')];
    if (!a.sample || !b.sample) return ['no sample', () => notice('The two arms do not both have this sample.', 'warn')];
    const left = { url: a.sample.url, label: a.label, colour: a.colour };
    const right = { url: b.sample.url, label: b.label, colour: b.colour };
    return [JSON.stringify([state.mode, state.amplify, left, right]),
      () => state.mode === 'swipe' ? swipeView(left, right) : differenceView(left, right, state.amplify)];
  }

  return {
    async update(current) {
      const first = sweep === null;
      sweep = current;
      if (!sweep.arms.some(a => a.id === state.a)) state.a = sweep.arms[0]?.id ?? null;
      if (!sweep.arms.some(a => a.id === state.b) || state.b === state.a) state.b = sweep.arms.find(a => a.id !== state.a)?.id ?? state.a;
      const steps = sweep.sampleSteps;
      if (!steps.length) {
        stage.replaceChildren(notice('No samples yet: each arm writes them every sample_every steps.'));
        return;
      }
      const stepBefore = state.step;
      if (!steps.includes(state.step)) state.step = steps.at(-1);
      slider.set(steps, state.step);
      // Reload while arms may still reach this step; otherwise only when the step changed.
      if (first || stepBefore !== state.step || !sweep.finished || !view) await load();
    },
  };
}
