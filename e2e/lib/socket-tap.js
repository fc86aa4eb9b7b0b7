/**
 * One page's real signalling socket, with a tap (Playwright routeWebSocket): everything passes through to the real
 * server, and a test can put in messages a single-node server never sends by itself (e.g. MEDIA_NODE_LOST), or
 * answer some of the page's messages itself (`intercept(message)` returns a reply, or null to pass it on).
 * Pass `tap.onPage` as Participant.open's `onPage` option.
 */
export function socketTap({ intercept } = {}) {
  const tap = { socket: null, sent: [] };
  tap.onPage = (page) => page.routeWebSocket(/\/ws$/, (socket) => {
    const server = socket.connectToServer(); // server → page passes through unchanged
    tap.socket = socket;
    socket.onMessage((text) => {
      const message = JSON.parse(text);
      tap.sent.push(message);
      const reply = intercept?.(message);
      if (reply) {
        socket.send(JSON.stringify(reply));
      } else {
        server.send(text);
      }
    });
  });
  tap.inject = (message) => tap.socket.send(JSON.stringify(message));
  return tap;
}
