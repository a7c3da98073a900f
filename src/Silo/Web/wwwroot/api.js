// The silo's JSON API. Errors carry the problem document's detail, which says what is missing.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function get(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not a problem document */ }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

const sweepPath = name => `/api/sweeps/${encodeURIComponent(name)}`;

export const api = {
  sweeps: () => get('/api/sweeps'),
  sweep: name => get(sweepPath(name)),
  curves: (name, points) => get(`${sweepPath(name)}/curves?points=${points}`),
  step: (name, step) => get(`${sweepPath(name)}/steps/${step}`),
  verdict: (name, metric) => get(`${sweepPath(name)}/verdict?metric=${encodeURIComponent(metric)}`),
};
