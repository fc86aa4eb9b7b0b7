import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, launchWithoutDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { candidatePorts, DownlinkLimit, NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * Simulcast and per-subscriber layers with Firefox on either side: Firefox's camera as layers a Chromium watcher
 * chooses from, and a Firefox watcher on a weak link taking a lower layer of a Chromium camera while a Chromium watcher
 * keeps the top one.
 */
describe('Firefox: simulcast and a weak link', () => {
  let chromium;
  let watchers;
  let firefox;

  before(async () => {
    [chromium, watchers, firefox] = await Promise.all([launchWithFakeDevices(), launchWithoutDevices(), launchFirefox()]);
  });

  after(async () => {
    await firefox?.close();
    await watchers?.close();
    await chromium?.close();
  });

  test('Firefox sends its camera as layers; a Chromium watcher decodes the widest', async (t) => {
    const room = await createRoom('e2e firefox simulcast');
    const fox = await Participant.join(firefox, onServer(room.hostJoinUrl), 'Firefox camera');
    const foxId = await fox.id();
    const watcher = await Participant.open(watchers, onServer(room.joinUrl), 'Chromium watcher');
    await watcher.page.click('[data-testid=join-without-devices]');
    await watcher.firstFrameFrom(foxId);

    const layers = await waitFor('Firefox to send its layers', async () => {
      const sent = await fox.sentLayers();
      return sent.length > 0 && sent.every((layer) => layer.framesSent > 0) && sent;
    }, { timeout: 30 * SECOND, interval: 500 });
    const track = await fox.sentVideoSize();
    t.diagnostic(`firefox camera ${track.trackWidth}x${track.trackHeight}, layers: `
      + `${layers.map((l) => `${l.rid || '(none)'} ${l.frameWidth}x${l.frameHeight}`).join(', ')}`);
    const expected = track.trackWidth >= 960 ? 3 : track.trackWidth >= 480 ? 2 : 1;
    assert.equal(layers.length, expected, `layers for a ${track.trackWidth} wide camera`);
    const widest = Math.max(...layers.map((l) => l.frameWidth));
    const decoded = await waitFor('the Chromium watcher to decode the widest layer', async () => {
      const size = await watcher.videoStatsFrom(foxId);
      return size.width >= widest && size.width;
    }, { timeout: 60 * SECOND, interval: 500 });
    t.diagnostic(`the Chromium watcher decodes ${decoded} wide`);
    await Promise.all([fox.close(), watcher.close()]);
  });

  test('a Firefox watcher limited to 400 kbit/s with 3 % loss moves down and keeps decoding; Chromium keeps 720p',
    async (t) => {
      assert.ok(await NetworkCut.available(), 'iptables and tc are needed to shape a downlink');
      const room = await createRoom('e2e firefox weak link');
      const camera = await Participant.join(chromium, onServer(room.hostJoinUrl), 'Chromium camera');
      const cameraId = await camera.id();
      const healthy = await Participant.open(watchers, onServer(room.joinUrl), 'Chromium watcher');
      await healthy.page.click('[data-testid=join-without-devices]');
      const limited = await Participant.join(firefox, onServer(room.joinUrl), 'Firefox watcher');
      await waitFor('both watchers to decode the top layer', async () => {
        const [a, b] = await Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId)]);
        return a.width >= 1280 && b.width >= 1280;
      }, { timeout: 60 * SECOND, interval: 500 });

      const limit = new DownlinkLimit();
      const loss = new NetworkCut();
      try {
        const ports = await candidatePorts(limited.page);
        await limit.apply(ports, 400);
        await loss.loseSome(ports, 0.03);
        const limitedAt = Date.now();
        const down = await waitFor('the Firefox watcher to move to a lower layer', async () => {
          const now = await limited.videoStatsFrom(cameraId);
          return now.width > 0 && now.width < 1280 && Date.now() - limitedAt;
        }, { timeout: 20 * SECOND, interval: 200 });
        t.diagnostic(`switch-down-ms: ${down} after the limit began`);
        await new Promise((resolve) => setTimeout(resolve, 3 * SECOND));
        const [healthyFrom, limitedFrom] = await Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId)]);
        await new Promise((resolve) => setTimeout(resolve, 12 * SECOND));
        const [healthyTo, limitedTo] = await Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId)]);
        const fps = (from, to) => Math.round(((to.frames - from.frames) / ((to.at - from.at) / 1000)) * 10) / 10;
        t.diagnostic(`table: ${JSON.stringify({ subscriber: 'chromium healthy', width: healthyTo.width, fps: fps(healthyFrom, healthyTo) })}`);
        t.diagnostic(`table: ${JSON.stringify({ subscriber: 'firefox limited', width: limitedTo.width, fps: fps(limitedFrom, limitedTo) })}`);
        assert.equal(healthyTo.width, 1280, 'the Chromium watcher keeps the top layer');
        assert.ok(fps(healthyFrom, healthyTo) >= 15, 'and its frame rate');
        assert.ok(limitedTo.width > 0 && limitedTo.width < 1280, `the Firefox watcher on a lower layer (${limitedTo.width})`);
        assert.ok(fps(limitedFrom, limitedTo) >= 2, `the Firefox watcher keeps decoding (${fps(limitedFrom, limitedTo)})`);
      } finally {
        await limit.remove();
        await loss.restore();
      }
      await Promise.all([camera.close(), healthy.close(), limited.close()]);
    });
});
