import { h } from './dom.js';

// Below this many pixels across, samples are shown enlarged with hard pixel edges rather than blurred.
const PIXELATED_BELOW = 256;

export function sampleImage(url, alt, className = 'sample') {
  const image = h('img', { class: className, src: url, alt, draggable: 'false' });
  image.addEventListener('load', () => image.classList.toggle('pixelated', image.naturalWidth < PIXELATED_BELOW));
  return image;
}
