/** Polling with a deadline: the only way these tests wait. */

export const SECOND = 1000;

/**
 * Calls `probe` until it returns a truthy value, and returns that value.
 * Fails with `what` (and the last value or error seen) once `timeout` ms have passed.
 */
export async function waitFor(what, probe, { timeout = 30 * SECOND, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Waits until `read()` (a number that only grows, such as bytes received) has not changed for `quietMs`;
 * returns the time it last changed. Fails if it keeps changing until `timeout`.
 */
export async function waitUntilStill(what, read, { quietMs = 1000, timeout = 15 * SECOND, interval = 100 } = {}) {
  let last = await read();
  let changedAt = Date.now();
  return waitFor(`${what} (unchanged for ${quietMs} ms)`, async () => {
    const now = await read();
    if (now !== last) {
      last = now;
      changedAt = Date.now();
    }
    return Date.now() - changedAt >= quietMs && { changedAt, value: now };
  }, { timeout, interval });
}

/** Waits until `read()` exceeds its value at the start; returns the ms it took. */
export async function waitUntilGrows(what, read, { timeout = 15 * SECOND, interval = 50 } = {}) {
  const start = Date.now();
  const first = await read();
  await waitFor(what, async () => (await read()) > first, { timeout, interval });
  return Date.now() - start;
}

/**
 * Checks `probe` every `interval` ms for `duration` ms and fails at the first falsy value: for things that must
 * stay true (e.g. a page that must not reconnect), where a single look could pass too early.
 */
export async function holdsFor(what, probe, { duration = 4 * SECOND, interval = 200 } = {}) {
  const until = Date.now() + duration;
  while (Date.now() < until) {
    const value = await probe();
    if (!value) {
      throw new Error(`Expected ${what} to hold for ${duration} ms; it stopped after ${duration - (until - Date.now())} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
