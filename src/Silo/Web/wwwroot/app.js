// The page's router. Locations are hashes, so the silo serves one page and every view can be bookmarked:
//   #/                         the sweeps
//   #/sweeps/<name>            one sweep: arms and loss curves
//   #/sweeps/<name>/grid       the sample grid at a step (?step=)
//   #/sweeps/<name>/compare    two arms side by side (?a=&b=&step=&sample=&mode=)
import { sweepsPage } from './sweeps-page.js';
import { sweepPage } from './sweep-page.js';

const root = document.getElementById('app');
let page = null;

function route() {
  page?.dispose();
  root.replaceChildren();
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  page = parts[0] === 'sweeps' && parts[1]
    ? sweepPage(root, parts[1], parts[2] ?? 'overview', new URLSearchParams(query))
    : sweepsPage(root);
}

window.addEventListener('hashchange', route);
route();
