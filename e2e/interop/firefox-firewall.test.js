import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { NetworkCut } from '../lib/network.js';
import { direct, MEDIA_PORT, meetOver } from '../lib/paths.js';

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
      const { host, guest } = await meetOver(t, 'ICE-TCP, Firefox', { hostBrowser: chromium, guestBrowser: firefox,
        expectPath: direct('tcp') });
      await Promise.all([host.close(), guest.close()]);
    } finally {
      await cut.restore();
    }
  });
});
