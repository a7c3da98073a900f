// Locations of a sweep's views, and keeping a view's state (step, arms, …) in the address without reloading it.

export function sweepHref(name, tab = 'overview', params = {}) {
  const base = `#/sweeps/${encodeURIComponent(name)}${tab === 'overview' ? '' : `/${tab}`}`;
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)).toString();
  return query ? `${base}?${query}` : base;
}

// replaceState changes the address without a hashchange event, so the view is not rebuilt.
export function rememberState(name, tab, params) {
  history.replaceState(null, '', sweepHref(name, tab, params));
}
