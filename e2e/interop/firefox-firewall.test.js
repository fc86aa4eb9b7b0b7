import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';

const MEDIA_PORT = Number(process.env.PARLEY_E2E_MEDIA_PORT ?? 10000);

/** Firefox and Chromium behind a network that lets no UDP reach the media server: both connect over ICE-TCP. */
describe('Firefox behind a firewall', async () => {
  const iptables = await NetworkCut.available();
  let chromium;
  let firefox;
  const cut = new NetworkCut();

  before(async () => {
    assert.ok(iptables, 'iptables is needed to block UDP (e2e/setup.sh installs it)');
    [chromium, firefox] = await Promise.all([launchWithFakeDevices(), launchFirefox()]);
  });

  after(async () => {
    await cut.restore().catch(() => {});
    await firefox?.close();
    await chromium?.close();
  });

  test('UDP to the media port blocked: Firefox and Chromium connect over ICE-TCP', async (t) => {
    await cut.udpToServer(MEDIA_PORT);
    try {
      const room = await createRoom('e2e firefox ice-tcp');
      const host = await Participant.join(chromium, onServer(room.hostJoinUrl), 'Chromium behind a firewall');
      const hostId = await host.id();
      const fox = await Participant.join(firefox, onServer(room.joinUrl), 'Firefox behind a firewall');
      const foxId = await fox.id();
      await fox.firstFrameFrom(hostId);
      const joinToFirstFrame = Date.now() - fox.joinedAt;
      await host.firstFrameFrom(foxId);
      for (const participant of [host, fox]) {
        const path = await participant.selectedPath();
        assert.equal(path?.protocol, 'tcp', `${participant.name} sends over TCP (${JSON.stringify(path)})`);
        assert.equal(path.remotePort, MEDIA_PORT, 'to the server\'s ICE-TCP port');
      }
      await Promise.all([host.receivesFlowingMediaFrom(foxId), fox.receivesFlowingMediaFrom(hostId)]);
      t.diagnostic(`join-to-first-frame-ms (ICE-TCP, Firefox): ${joinToFirstFrame}`);
      await Promise.all([host.close(), fox.close()]);
    } finally {
      await cut.restore();
    }
  });
});
