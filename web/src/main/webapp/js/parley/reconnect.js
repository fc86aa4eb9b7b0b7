/**
 * Waiting between reconnection attempts: 0.5 s, 1 s, then every 2 s, so that a connection comes back within a
 * few seconds of the network. A wait ends early on wake() (e.g. the browser says it is online again).
 */
export class Backoff {
  #delays;
  #attempt = 0;
  #wakeUp = null;

  constructor(delays = [500, 1000, 2000]) {
    this.#delays = delays;
  }

  /** Resolves after the next delay, or sooner on wake(). */
  wait() {
    const delay = this.#delays[Math.min(this.#attempt, this.#delays.length - 1)];
    this.#attempt += 1;
    return new Promise((resolve) => {
      const timer = setTimeout(done, delay);
      const wakeUp = () => done();
      this.#wakeUp = wakeUp;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  wake() {
    this.#wakeUp?.();
  }

  reset() {
    this.#attempt = 0;
  }
}

/** Stored resume tokens, so that a reload or a lost connection comes back as the same participant. */
export class ResumeStore {
  #storage;

  constructor(storage = globalThis.sessionStorage) {
    this.#storage = storage;
  }

  get(roomId) {
    try {
      return this.#storage?.getItem(key(roomId)) ?? null;
    } catch {
      return null; // storage can be disabled
    }
  }

  set(roomId, token) {
    try {
      if (token) {
        this.#storage?.setItem(key(roomId), token);
      } else {
        this.#storage?.removeItem(key(roomId));
      }
    } catch {
      // storage can be full or disabled: the in-memory token still covers a lost connection
    }
  }
}

function key(roomId) {
  return `parley.resume.${roomId}`;
}
