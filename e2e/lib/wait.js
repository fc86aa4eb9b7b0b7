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
