// Controlling a sweep from its page: pause, resume and cancel (each confirmed first) and extending an arm by some
// steps. Shown only to a role that may (api.role); the silo refuses the others anyway.
import { api } from './api.js';
import { h, notice, setOptions } from './dom.js';

export function sweepControls(name, onChanged) {
  const message = h('span', { class: 'control-message' });
  const act = (label, action, question) => h('button', {
    class: 'button', type: 'button', 'data-action': action,
    onclick: () => confirm(question) && run(() => api.control(name, action)),
  }, label);
  const arm = h('select', { 'aria-label': 'Arm to extend' });
  const steps = h('input', { type: 'number', min: '1', step: '1', value: '100', 'aria-label': 'Steps to add', class: 'steps-input' });
  const extend = h('button', { class: 'button', type: 'button', onclick: () => run(() => api.extend(name, arm.value, Number(steps.value))) }, 'Extend');
  const element = h('div', { class: 'sweep-controls' },
    act('Pause', 'pause', `Pause ${name}? Its workers save a checkpoint and stop.`),
    act('Resume', 'resume', `Resume ${name} from its last checkpoints?`),
    act('Cancel', 'cancel', `Cancel ${name}? Its unfinished arms stop for good.`),
    h('span', { class: 'extend' }, arm, ' + ', steps, ' steps ', extend),
    message);

  async function run(call) {
    message.replaceChildren();
    try {
      await call();
      onChanged();
    } catch (error) {
      message.replaceChildren(notice(error.message, 'error'));
    }
  }

  return {
    element,
    update(sweep) {
      setOptions(arm, sweep.arms.map(a => [a.id, a.label]), arm.value || sweep.arms[0]?.id);
    },
  };
}
