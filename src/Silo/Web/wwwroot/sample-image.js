import { h } from './dom.js';
import { authorizedFetch } from './auth.js';

// Below this many pixels across, samples are shown enlarged with hard pixel edges rather than blurred.
const PIXELATED_BELOW = 256;

// An <img> of a sample. The image is fetched like the JSON (so it carries the access token, which a plain src could
// not) and shown from a blob; data-src keeps the API URL it came from.
export function sampleImage(url, alt, className = 'sample') {
  const image = h('img', { class: className, alt, draggable: 'false', 'data-src': url });
  image.addEventListener('load', () => {
    image.classList.toggle('pixelated', image.naturalWidth < PIXELATED_BELOW);
    URL.revokeObjectURL(image.src); // the decoded image stays; the blob is no longer needed
  });
  authorizedFetch(url)
    .then(response => (response.ok ? response.blob() : Promise.reject(new Error(`${response.status} ${url}`))))
    .then(blob => { image.src = URL.createObjectURL(blob); })
    .catch(() => image.classList.add('missing'));
  return image;
}
