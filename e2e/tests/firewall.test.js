import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { DTLS, NetworkCut, SRTP } from '../lib/network.js';
import { direct, MEDIA_PORT, meetOver } from '../lib/paths.js';
import { BASE_URL, createRoom, metrics, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const SERVER_PORT = Number(new URL(BASE_URL).port || 80);

/**
 * Networks that let no UDP reach the media server (corporate networks, guest Wi-Fi): the call connects over ICE-TCP,
 * the passive TCP candidates on the server's media port number. And what the page tells a person when a network
 * lets through less than that, one cause at a time, each made by the namespace's packet filters.
 */
describe('behind a firewall', async () => {
  const iptables = await NetworkCut.available();
  let browser;
  const cut = new NetworkCut();

  before(async () => {
    assert.ok(iptables, 'iptables is needed to block UDP (e2e/setup.sh installs it)');
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await cut.restore().catch(() => {});
    await browser?.close();
  });

  /** A host and a guest in Chromium, meeting over a direct path of `protocol`. */
  function callOver(t, protocol, label) {
    return meetOver(t, `firewall ${label}`, { hostBrowser: browser, expectPath: direct(protocol) });
  }

  /** Waits until the page shows a diagnosis of `cause`; prints what it says. */
  async function diagnosed(t, participant, cause) {
    const shown = await waitFor(`${participant.name}'s page to diagnose ${cause}`, async () => {
      const diagnosis = await participant.diagnosis();
      if (diagnosis?.cause === cause) {
        return diagnosis;
      }
      const report = await participant.connectionReport();
      throw new Error(`shows ${JSON.stringify(diagnosis)}; steps ${JSON.stringify(report?.steps?.slice(-6))}`);
    }, { timeout: 40 * SECOND, interval: 250 });
    t.diagnostic(`${cause} (${shown.severity}): "${shown.title}" / "${shown.advice}"`);
    return shown;
  }

  /** Waits until `participant` has been connected `ms`, for checks that need time to go wrong. */
  async function connectedFor(participant, ms) {
    await waitFor(`${participant.name} to be connected ${ms} ms`,
      async () => ((await participant.connectionReport())?.connectedForMs ?? 0) >= ms, { timeout: 40 * SECOND });
  }

  test('"Test my connection" before joining says what the network lets through', async (t) => {
    const room = await createRoom('e2e firewall connection test');
    const person = await Participant.open(browser, onServer(room.joinUrl), 'Someone about to join');
    const testNow = async (label) => {
      await person.page.click('[data-testid=test-connection]');
      const found = await waitFor(`the connection test (${label}) to finish`, () => person.page.evaluate(() => {
        const result = document.querySelector('[data-testid=connection-test-result]');
        return !result.hidden && result.dataset.outcome !== 'running' && { outcome: result.dataset.outcome,
          cause: result.dataset.cause, path: result.dataset.path, text: result.textContent.replace(/\s+/g, ' ').trim() };
      }), { timeout: 40 * SECOND, interval: 200 });
      t.diagnostic(`connection test (${label}): ${found.outcome} ${found.cause || ''}: "${found.text}"`);
      return found;
    };
    try {
      const open = await testNow('open network');
      assert.equal(open.outcome, 'ok');
      assert.equal(open.path, 'UDP');
      assert.match(open.text, /Your connection works: audio and video reach the meeting over UDP/);

      await cut.udpToServer(MEDIA_PORT);
      const tcp = await testNow('UDP blocked');
      assert.equal(tcp.outcome, 'notice');
      assert.equal(tcp.cause, 'udp-blocked');
      assert.equal(tcp.path, 'TCP');

      await cut.tcpPort(MEDIA_PORT);
      const closed = await testNow('nothing gets through');
      assert.equal(closed.outcome, 'error');
      assert.equal(closed.cause, 'unreachable');
      assert.match(closed.text, /Your network blocks the ports Parley uses for audio and video/);

      await cut.tcpPort(SERVER_PORT);
      const nothing = await testNow('not even the meeting server');
      assert.equal(nothing.outcome, 'error');
      assert.equal(nothing.cause, 'no-server');
      assert.match(nothing.text, /Parley's server cannot be reached/);
    } finally {
      await cut.restore();
    }
    assert.equal(await person.page.textContent('[data-testid=connection-state]'), 'not connected', 'nobody joined');
    await person.close();
  });

  test('an open network: UDP wins over the TCP candidates also offered, and the page diagnoses nothing', async (t) => {
    const room = await createRoom('e2e firewall open');
    const alone = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host alone');
    await connectedFor(alone, 8 * SECOND);
    assert.equal(await alone.diagnosis(), null, 'someone alone in a room hears the server receive their media');
    await alone.close();

    const { host, guest } = await callOver(t, 'udp', 'UDP');
    await connectedFor(guest, 8 * SECOND);
    assert.equal(await host.diagnosis(), null);
    assert.equal(await guest.diagnosis(), null);
    assert.equal((await guest.connectionReport()).path, 'UDP');
    await Promise.all([host.close(), guest.close()]);
  });

  test('UDP to the media port blocked: the call connects over ICE-TCP, and the page says so', async (t) => {
    await cut.udpToServer(MEDIA_PORT);
    try {
      const { host, guest } = await callOver(t, 'tcp', 'ICE-TCP');
      const notice = await diagnosed(t, guest, 'udp-blocked');
      assert.equal(notice.severity, 'notice', 'it works: a notice, not an error');
      assert.match(notice.title, /blocks UDP.*\(TCP\)/);
      assert.match(notice.advice, new RegExp(`allow UDP ${MEDIA_PORT} to 127\\.0\\.0\\.1`));
      await Promise.all([host.close(), guest.close()]);
    } finally {
      await cut.restore();
    }
  });

  test('nothing reaches the media server: the page says the network blocks its ports, and recovers', async (t) => {
    await cut.udpToServer(MEDIA_PORT);
    await cut.tcpPort(MEDIA_PORT);
    let host;
    try {
      const room = await createRoom('e2e firewall closed');
      host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host behind a closed firewall');
      const shown = await diagnosed(t, host, 'unreachable');
      assert.equal(shown.title, 'Your network blocks the ports Parley uses for audio and video.');
      assert.match(shown.advice, new RegExp(`UDP ${MEDIA_PORT} or TCP ${MEDIA_PORT} to 127\\.0\\.0\\.1`));
      assert.match(shown.advice, /try another network/);
    } finally {
      await cut.restore();
    }
    await waitFor('the page to connect once the network opens, and drop the diagnosis', async () =>
      (await host.connectionState()) === 'connected' && (await host.diagnosis()) === null, { timeout: 45 * SECOND });
    await host.close();
  });

  test('DTLS blocked after the connectivity checks: the page says the secure connection failed, and recovers', async (t) => {
    await cut.fromServer(MEDIA_PORT, DTLS);
    const failedBefore = (await metrics()).parley_media_dtls_failures ?? 0;
    let host;
    try {
      const room = await createRoom('e2e firewall dtls');
      host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host behind a DTLS-eating proxy');
      const shown = await diagnosed(t, host, 'dtls-failed');
      assert.match(shown.title, /could not set up a secure audio and video connection/);
      // Blocked until the server gives up on the handshake: the browser's ICE looks connected, so it would wait on
      // its own handshake; the server tells the page to start over with a new peer connection instead.
      await waitFor('the server to give up on the handshake', async () =>
        ((await metrics()).parley_media_dtls_failures ?? 0) > failedBefore, { timeout: 45 * SECOND, interval: 500 });
    } finally {
      await cut.restore();
    }
    const opened = Date.now();
    await waitFor('the page to connect with a new peer connection, and drop the diagnosis', async () =>
      (await host.connectionState()) === 'connected' && (await host.diagnosis()) === null, { timeout: 60 * SECOND });
    t.diagnostic(`connected ${Date.now() - opened} ms after DTLS was let through`);
    await host.close();
  });

  test('media from the server blocked: the page says nothing from the others arrives', async (t) => {
    await cut.fromServer(MEDIA_PORT, SRTP);
    try {
      const room = await createRoom('e2e firewall one way in');
      const host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host sending');
      const guest = await Participant.join(browser, onServer(room.joinUrl), 'Guest whose network drops incoming media');
      const shown = await diagnosed(t, guest, 'no-incoming-media');
      assert.match(shown.title, /no audio or video from the others reaches you/);
      await cut.restore();
      await waitFor('the diagnosis to go once media arrives', async () => (await guest.diagnosis()) === null,
        { timeout: 30 * SECOND });
      await Promise.all([host.close(), guest.close()]);
    } finally {
      await cut.restore();
    }
  });

  test('media to the server blocked: the page says what one sends does not arrive', async (t) => {
    await cut.toServer(MEDIA_PORT, SRTP);
    try {
      const room = await createRoom('e2e firewall one way out');
      const host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host whose network drops outgoing media');
      const shown = await diagnosed(t, host, 'no-outgoing-media');
      assert.match(shown.title, /your audio and video do not reach the meeting/);
      await host.close();
    } finally {
      await cut.restore();
    }
  });
});
