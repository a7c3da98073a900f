// The silo's JSON API. Errors carry the problem document's detail, which says what is missing, and its per-key
// validation errors (`errors`) when the silo rejected a spec.
import { authorizedFetch } from './auth.js';

export class ApiError extends Error {
  constructor(status, message, errors = []) {
    super(message);
    this.status = status;
    this.errors = errors;
  }
}

async function send(url, options) {
  const response = await authorizedFetch(url, { cache: 'no-store', ...options });
  if (!response.ok) {
    let detail = response.statusText;
    let errors = [];
    try {
      const problem = await response.json();
      detail = problem.detail ?? problem.title ?? detail;
      errors = validationErrors(problem.errors);
    } catch { /* not a problem document */ }
    throw new ApiError(response.status, detail, errors);
  }
  return response.status === 204 ? null : response.json();
}

// A problem document's `errors`: ASP.NET's { key: [messages] } or a list of messages, as "key: message" lines.
function validationErrors(errors) {
  if (!errors) return [];
  if (Array.isArray(errors)) return errors.map(String);
  return Object.entries(errors).flatMap(([key, messages]) => [].concat(messages).map(m => (key ? `${key}: ${m}` : String(m))));
}

const get = url => send(url);
const post = (url, body, contentType = 'application/json') =>
  send(url, { method: 'POST', headers: body === undefined ? {} : { 'Content-Type': contentType }, body });

const sweepPath = name => `/api/sweeps/${encodeURIComponent(name)}`;
let whoami = null;

export const api = {
  sweeps: () => get('/api/sweeps'),
  sweep: name => get(sweepPath(name)),
  curves: (name, points) => get(`${sweepPath(name)}/curves?points=${points}`),
  step: (name, step) => get(`${sweepPath(name)}/steps/${step}`),
  verdict: (name, metric) => get(`${sweepPath(name)}/verdict?metric=${encodeURIComponent(metric)}`),
  // The caller's role, asked once per page load: it decides which controls are shown.
  role: () => (whoami ??= get('/api/whoami').then(w => w.role, error => { whoami = null; throw error; })),
  // The spec as written, YAML or JSON: the silo parses and validates it as `zsweep run` does.
  startSweep: spec => post('/api/sweeps', spec, spec.trimStart().startsWith('{') ? 'application/json' : 'application/yaml'),
  control: (name, action) => post(`${sweepPath(name)}/${action}`),
  extend: (name, arm, steps) => post(`${sweepPath(name)}/arms/${encodeURIComponent(arm)}/extend`, JSON.stringify({ steps })),
};

// Whether a role may create and control sweeps (the server decides; this only hides what would be refused).
export const canOperate = role => role === 'operator' || role === 'admin' || role === 'open';
