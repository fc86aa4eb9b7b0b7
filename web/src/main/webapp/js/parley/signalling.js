/**
 * The signalling socket: JSON messages over one WebSocket, delivered in arrival order.
 * Events: "message" (detail: the parsed message) and "close" (detail: {code, reason, expected}).
 * One channel is one socket: after a close, make a new channel.
 */
export class SignallingChannel extends EventTarget {
  #url;
  #socket = null;
  #closing = false;

  /** The socket URL on the same host as the page: ws(s)://host/ws. */
  static urlFor(location) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/ws`;
  }

  constructor(url) {
    super();
    this.#url = url;
  }

  get isOpen() {
    return this.#socket?.readyState === WebSocket.OPEN && !this.#closing;
  }

  /**
   * Resolves once the socket is open; rejects if it closes first or is not open within `timeout` ms.
   * The timeout matters after a network change: a connection attempt into a dead network can hang for minutes.
   */
  open({ timeout = 3000 } = {}) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.#url);
      this.#socket = socket;
      let opened = false;
      const timer = setTimeout(() => {
        if (!opened) {
          this.close();
          reject(new Error(`Could not reach the meeting server within ${timeout} ms.`));
        }
      }, timeout);
      socket.addEventListener('open', () => {
        opened = true;
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('message', (event) => this.#receive(event.data));
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        if (!opened) {
          reject(new Error(`Could not reach the meeting server (socket closed with code ${event.code}).`));
        }
        this.dispatchEvent(new CustomEvent('close', {
          detail: { code: event.code, reason: event.reason, expected: this.#closing },
        }));
      });
    });
  }

  send(message) {
    if (!this.isOpen) {
      return false;
    }
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes the socket; messages already passed to send() still go out first. */
  close() {
    this.#closing = true;
    this.#socket?.close(1000, 'bye');
  }

  #receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('parley: ignoring a signalling frame that is not JSON', data);
      return;
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
  }
}
