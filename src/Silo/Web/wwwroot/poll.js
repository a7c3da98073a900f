import { ApiError } from './api.js';

// Runs `load` now and again every `ms` until it returns false or the returned stop() is called. A failed load is
// shown through onError and retried (the silo may be restarting), except a 404, which will not heal by waiting.
export function poll(load, ms, onError) {
  let stopped = false;
  let timer;
  async function tick() {
    let again;
    try {
      again = await load();
    } catch (error) {
      onError(error);
      again = !(error instanceof ApiError && error.status === 404);
    }
    if (!stopped && again) timer = setTimeout(tick, ms);
  }
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
