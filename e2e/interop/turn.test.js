import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { NetworkCut } from '../lib/network.js';
import { MEDIA_PORT, meetOver } from '../lib/paths.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const TURN_PORT = 3478;
/** coturn's relay ports (run.sh): their UDP to the media server stands for a TURN server outside the firewall. */
const RELAY_PORTS = process.env.PARLEY_E2E_TURN_RELAY_PORTS ?? '30000:30100';

/** `url` with `?relay=1`: the page uses TURN relays only. */
function relayOnly(url) {
  const relayed = new URL(url);
  relayed.searchParams.set('relay', '1');
  return relayed.toString();
}

/**
 * Runs in the page before its scripts: spoils the TURN passwords in every "joined", as if Parley and the TURN server
 * did not share the same secret.
 */
function spoilTurnPasswords() {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    addEventListener(type, listener, ...options) {
      if (type !== 'message') {
        return super.addEventListener(type, listener, ...options);
      }
      return super.addEventListener(type, (event) => {
        const message = JSON.parse(event.data);
        if (message.type !== 'joined') {
          return listener.call(this, event);
        }
        message.iceServers?.forEach((server) => {
          if (server.credential) {
            server.credential = `spoilt-${server.credential}`;
          }
        });
        return listener.call(this, new MessageEvent('message', { data: JSON.stringify(message) }));
      }, ...options);
    }
  };
}

/**
 * TURN with the short-lived credentials Parley hands out in "joined", through a real coturn (started by run.sh with
 * use-auth-secret): forced relays, and networks where TURN is the only way out.
 */
describe('TURN', async () => {
  const iptables = await NetworkCut.available();
  let chromium;
  let firefox;
  const cut = new NetworkCut();

  before(async () => {
    assert.ok(iptables, 'iptables is needed to block UDP (e2e/setup.sh installs it)');
    [chromium, firefox] = await Promise.all([launchWithFakeDevices({ acceptSelfSignedCertificates: true }),
      launchFirefox()]);
  });

  after(async () => {
    await cut.restore().catch(() => {});
    await firefox?.close();
    await chromium?.close();
  });

  /** A Chromium host and a guest in `guestBrowser` meet through TURN, each over a relay `expect` accepts. */
  async function callThrough(t, label, { guestBrowser = chromium, relay = false, expect }) {
    const { host, guest } = await meetOver(t, label, { hostBrowser: chromium, guestBrowser,
      url: (joinUrl) => (relay ? relayOnly(onServer(joinUrl)) : onServer(joinUrl)),
      expectPath: (path, who) => {
        assert.equal(path.type, 'relay', `${who.name} goes through TURN (${JSON.stringify(path)})`);
        expect(path, who);
      } });
    await Promise.all([host.close(), guest.close()]);
  }

  test('relays only (iceTransportPolicy relay): Chromium and Firefox through TURN over UDP', async (t) => {
    await callThrough(t, 'TURN-UDP', { guestBrowser: firefox, relay: true, expect: (path, who) => {
      if (path.relayProtocol !== null) { // Firefox reports none
        assert.equal(path.relayProtocol, 'udp', `${who.name} reaches TURN over UDP`);
      }
    } });
  });

  test('TURN refuses the credentials and nothing else gets through: the page says the relay refused', async (t) => {
    await cut.allUdpExcept(RELAY_PORTS);
    await cut.tcpPort(MEDIA_PORT);
    try {
      const room = await createRoom('e2e turn refused');
      const host = await Participant.join(chromium, onServer(room.hostJoinUrl), 'Chromium with a spoilt TURN password',
        { beforeLoad: spoilTurnPasswords });
      const shown = await waitFor('the page to say the relay refused', async () => {
        const diagnosis = await host.diagnosis();
        if (diagnosis?.cause === 'turn-refused') {
          return diagnosis;
        }
        const report = await host.connectionReport();
        throw new Error(`shows ${JSON.stringify(diagnosis)}; TURN errors ${JSON.stringify(report?.turnErrors)}`);
        // Chromium reports TURN errors only when gathering ends, after its UDP checks time out (about 40 s); until
        // then the page says the network blocks the ports.
      }, { timeout: 90 * SECOND, interval: 250 });
      assert.equal(shown.title, 'The relay server refused to connect you: its sign-in failed.');
      const report = await host.connectionReport();
      assert.ok(report.turnErrors.some((e) => e.code === 401), `the TURN server said 401 (${JSON.stringify(report.turnErrors)})`);
      t.diagnostic(`turn-refused (${shown.severity}): "${shown.title}" / "${shown.advice}"`);
      await host.close();
    } finally {
      await cut.restore();
    }
  });

  test('no UDP at all and no ICE-TCP: Chromium and Firefox go through TURN over TCP', async (t) => {
    await cut.allUdpExcept(RELAY_PORTS);
    await cut.tcpPort(MEDIA_PORT);
    try {
      // Firefox does not report how it reaches its relay; with no UDP out, it can only be TCP.
      await callThrough(t, 'TURN-TCP', { guestBrowser: firefox, expect: (path, who) => {
        if (path.relayProtocol !== null) {
          assert.equal(path.relayProtocol, 'tcp', `${who.name} reaches TURN over TCP`);
        }
      } });
    } finally {
      await cut.restore();
    }
  });

  test('only TLS to the TURN server gets through: the call goes through TURN over TLS', async (t) => {
    await cut.allUdpExcept(RELAY_PORTS);
    await cut.tcpPort(MEDIA_PORT);
    await cut.tcpPort(TURN_PORT);
    try {
      await callThrough(t, 'TURN-TLS', { expect: (path, who) => assert.equal(path.relayProtocol, 'tls',
        `${who.name} reaches TURN over TLS`) });
    } finally {
      await cut.restore();
    }
  });
});
