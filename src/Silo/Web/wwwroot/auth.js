// The bearer token of a silo that has tokens configured. The page asks for it once, when the API first answers 401,
// and keeps it for this tab (sessionStorage: gone when the tab closes, never in a URL). Every request of the page —
// JSON and images alike — goes through authorizedFetch, so each carries it.
import { h } from './dom.js';

const STORAGE_KEY = 'zsweep.token';
let asking = null; // one prompt for all the requests that met the same 401

export async function authorizedFetch(url, options = {}) {
  for (;;) {
    const token = sessionStorage.getItem(STORAGE_KEY);
    const headers = new Headers(options.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const response = await fetch(url, { ...options, headers });
    if (response.status !== 401) return response;
    asking ??= askForToken(token ? 'That token was not accepted. Enter another.' : 'This silo needs an access token.')
      .finally(() => { asking = null; });
    sessionStorage.setItem(STORAGE_KEY, await asking);
  }
}

function askForToken(message) {
  return new Promise(resolve => {
    const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, 'aria-label': 'Access token' });
    const dialog = h('dialog', { class: 'token-dialog' },
      h('form', { method: 'dialog' },
        h('h2', {}, 'Access token'),
        h('p', { class: 'muted' }, message, ' It is kept for this tab only.'),
        input,
        h('div', { class: 'dialog-buttons' }, h('button', { class: 'button', type: 'submit' }, 'Continue'))));
    // Escape would leave the page without data and without a way back: the prompt stays until a token is given.
    dialog.addEventListener('cancel', event => event.preventDefault());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(input.value.trim());
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
