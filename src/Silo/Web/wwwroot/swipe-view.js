// Arm A over arm B with a divider: A shows left of it, B right of it. Drag anywhere on the image (or use the arrow
// keys on the divider) to move it.
import { h } from './dom.js';
import { sampleImage } from './sample-image.js';

export function swipeView(a, b) {
  const divider = h('div', {
    class: 'swipe-divider', role: 'slider', tabindex: '0', 'aria-label': 'Divider between arm A and arm B',
    'aria-valuemin': '0', 'aria-valuemax': '100',
  }, h('span', { class: 'swipe-handle' }));
  const stage = h('div', { class: 'swipe' },
    sampleImage(b.url, `B: ${b.label}`, 'swipe-b'),
    sampleImage(a.url, `A: ${a.label}`, 'swipe-a'),
    divider,
    h('span', { class: 'swipe-tag tag-a', style: { borderColor: a.colour } }, `A · ${a.label}`),
    h('span', { class: 'swipe-tag tag-b', style: { borderColor: b.colour } }, `B · ${b.label}`));

  const setSplit = percent => {
    const split = Math.max(0, Math.min(100, percent));
    stage.style.setProperty('--split', `${split}%`);
    divider.setAttribute('aria-valuenow', String(Math.round(split)));
  };
  const fromPointer = event => {
    const box = stage.getBoundingClientRect();
    setSplit((event.clientX - box.left) / box.width * 100);
  };
  let dragging = false;
  stage.addEventListener('pointerdown', event => {
    dragging = true;
    stage.setPointerCapture(event.pointerId);
    fromPointer(event);
  });
  stage.addEventListener('pointermove', event => dragging && fromPointer(event));
  stage.addEventListener('pointerup', () => { dragging = false; });
  stage.addEventListener('pointercancel', () => { dragging = false; });
  divider.addEventListener('keydown', event => {
    const now = Number(divider.getAttribute('aria-valuenow'));
    const moves = { ArrowLeft: now - 5, ArrowRight: now + 5, Home: 0, End: 100 };
    if (event.key in moves) {
      setSplit(moves[event.key]);
      event.preventDefault();
    }
  });
  setSplit(50);
  return stage;
}
