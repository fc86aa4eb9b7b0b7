import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';

const MEDIA_PORT = Number(process.env.PARLEY_E2E_MEDIA_PORT ?? 10000);

/**
 * Networks that let no UDP reach the media server (corporate networks, guest Wi-Fi): the call connects over ICE-TCP,
 * the passive TCP candidates on the server's media port number.
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

  /**
   * A host joins, then a guest; both decode each other over a path of `protocol`. Prints the time from the guest
   * pressing Join to the guest's first decoded frame of the host.
   */
  async function callOver(t, protocol, label) {
    const room = await createRoom(`e2e firewall ${label}`);
    const host = await Participant.join(browser, onServer(room.hostJoinUrl), `Host (${label})`);
    const hostId = await host.id();
    const guest = await Participant.join(browser, onServer(room.joinUrl), `Guest (${label})`);
    const guestId = await guest.id();
    await guest.firstFrameFrom(hostId);
    const joinToFirstFrame = Date.now() - guest.joinedAt;
    await host.firstFrameFrom(guestId);
    for (const participant of [host, guest]) {
      const path = await participant.selectedPath();
      assert.equal(path?.protocol, protocol, `${participant.name} sends over ${protocol} (${JSON.stringify(path)})`);
      assert.equal(path.remotePort, MEDIA_PORT, 'to the server\'s media port');
    }
    await Promise.all([host.receivesFlowingMediaFrom(guestId), guest.receivesFlowingMediaFrom(hostId)]);
    t.diagnostic(`join-to-first-frame-ms (${label}): ${joinToFirstFrame}`);
    await Promise.all([host.close(), guest.close()]);
  }

  test('an open network: UDP wins over the TCP candidates also offered', async (t) => {
    await callOver(t, 'udp', 'UDP');
  });

  test('UDP to the media port blocked: the call connects over ICE-TCP', async (t) => {
    await cut.udpToServer(MEDIA_PORT);
    try {
      await callOver(t, 'tcp', 'ICE-TCP');
    } finally {
      await cut.restore();
    }
  });
});
