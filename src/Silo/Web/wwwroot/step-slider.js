// A slider over a sweep's sample steps (not over every step: only those have images), with the step it points at.
import { h } from './dom.js';

export function stepSlider(onChange) {
  const input = h('input', { type: 'range', class: 'step-range', min: '0', step: '1', 'aria-label': 'Sample step' });
  const value = h('strong', { class: 'step-value' });
  const position = h('span', { class: 'muted step-position' });
  const previous = h('button', { type: 'button', class: 'button small', title: 'Previous sample step' }, '◀');
  const next = h('button', { type: 'button', class: 'button small', title: 'Next sample step' }, '▶');
  const element = h('div', { class: 'step-slider' }, h('span', { class: 'step-label' }, 'Step ', value), previous, input, next, position);
  let steps = [];

  const show = () => {
    const i = Number(input.value);
    value.textContent = steps[i] ?? '–';
    position.textContent = steps.length ? `${i + 1} of ${steps.length} sample steps` : '';
    previous.disabled = i <= 0;
    next.disabled = i >= steps.length - 1;
  };
  const move = i => {
    input.value = String(Math.max(0, Math.min(steps.length - 1, i)));
    show();
    onChange(steps[Number(input.value)]);
  };
  input.addEventListener('input', () => move(Number(input.value)));
  previous.addEventListener('click', () => move(Number(input.value) - 1));
  next.addEventListener('click', () => move(Number(input.value) + 1));

  return {
    element,
    // New steps (the sweep moved on) or a step chosen elsewhere; does not call onChange.
    set(newSteps, step) {
      steps = newSteps;
      input.max = String(Math.max(0, steps.length - 1));
      input.value = String(Math.max(0, steps.indexOf(step)));
      input.disabled = steps.length < 2;
      show();
    },
  };
}
