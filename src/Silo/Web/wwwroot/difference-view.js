// |A − B| per pixel, between A and B: B is blended onto A with mix-blend-mode: difference, so identical pixels are
// black. Small differences are hard to see, so the result can be brightened.
import { h } from './dom.js';
import { sampleImage } from './sample-image.js';

export function differenceView(a, b, amplify) {
  const figure = (caption, content, colour) => h('figure', { class: 'compare-figure' }, content,
    h('figcaption', { style: colour ? { borderColor: colour } : {} }, caption));
  return h('div', { class: 'difference-row' },
    figure(`A · ${a.label}`, sampleImage(a.url, `A: ${a.label}`, 'compare-image'), a.colour),
    figure(amplify > 1 ? `|A − B| × ${amplify}` : '|A − B|',
      h('div', { class: 'difference', style: { filter: `brightness(${amplify})` } },
        sampleImage(a.url, '', 'compare-image'),
        sampleImage(b.url, `Difference of A and B`, 'compare-image blend'))),
    figure(`B · ${b.label}`, sampleImage(b.url, `B: ${b.label}`, 'compare-image'), b.colour));
}
