import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, launchWithoutDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { candidatePorts, DownlinkLimit, NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * Both watchers and the camera over `ms`: each watcher's frame rate, last width and the share of samples at the top
 * width; the camera's top layer frame rate and its quality limitation at the end.
 */
async function measureWindow(camera, cameraId, healthy, limited, ms) {
  const read = () => Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId), camera.sentLayers()]);
  const [healthyFrom, limitedFrom, sentFrom] = await read();
  const samples = { healthy: [], limited: [] };
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const [a, b] = await Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId)]);
    samples.healthy.push(a.width);
    samples.limited.push(b.width);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const [healthyTo, limitedTo, sentTo] = await read();
  const perSecond = (count, from, to) => Math.round((count / ((to.at - from.at) / 1000)) * 10) / 10;
  const watcher = (from, to, widths) => ({ width: to.width, fps: perSecond(to.frames - from.frames, from, to),
    topShare: widths.filter((w) => w >= 1280).length / Math.max(1, widths.length) });
  const top = (layers) => layers.find((l) => l.rid === 'f') ?? { framesSent: 0, limitation: 'none' };
  return {
    camera: { topFps: perSecond(top(sentTo).framesSent - top(sentFrom).framesSent, healthyFrom, healthyTo),
      limitation: top(sentTo).limitation },
    healthy: watcher(healthyFrom, healthyTo, samples.healthy),
    limited: watcher(limitedFrom, limitedTo, samples.limited),
  };
}

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
      if (sent.length > 0 && sent.every((layer) => layer.framesSent > 0)) {
        return sent;
      }
      throw new Error(`layers so far: ${JSON.stringify(sent)}`);
    }, { timeout: 60 * SECOND, interval: 500 });
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
      // The widths in the probe's answer, so that a timeout says which watcher stayed below the top layer.
      await waitFor('both watchers to decode the top layer', async () => {
        const [a, b] = await Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId)]);
        if (a.width >= 1280 && b.width >= 1280) {
          return true;
        }
        throw new Error(`Chromium decodes ${a.width} wide, Firefox ${b.width}`);
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
          if (now.width > 0 && now.width < 1280) {
            return Date.now() - limitedAt;
          }
          throw new Error(`Firefox decodes ${now.width} wide, ${now.frames} frames so far`);
        }, { timeout: 20 * SECOND, interval: 200 });
        t.diagnostic(`switch-down-ms: ${down} after the limit began`);
        await new Promise((resolve) => setTimeout(resolve, 3 * SECOND));
        // What the watchers get is judged only over a window in which the camera itself sent its top layer at a
        // steady rate: on two starved cores Chromium's own encoder and congestion control may thin it out for a
        // while, and then nobody can have it. Up to three windows; every one is printed.
        let judged;
        for (let attempt = 1; attempt <= 3 && !judged; attempt++) {
          const measured = await measureWindow(camera, cameraId, healthy, limited, 10 * SECOND);
          t.diagnostic(`window ${attempt}: ${JSON.stringify(measured)}`);
          if (measured.camera.topFps >= 10 && measured.camera.limitation === 'none') {
            judged = measured;
          }
        }
        assert.ok(judged, 'the camera sent its top layer steadily in none of three windows (see the diagnostics)');
        assert.ok(judged.healthy.topShare >= 0.8,
          `the Chromium watcher keeps the top layer (${Math.round(judged.healthy.topShare * 100)} % of the window)`);
        assert.ok(judged.healthy.fps >= 15, `and its frame rate (${judged.healthy.fps})`);
        assert.ok(judged.limited.width > 0 && judged.limited.width < 1280,
          `the Firefox watcher on a lower layer (${judged.limited.width})`);
        assert.ok(judged.limited.fps >= 2, `the Firefox watcher keeps decoding (${judged.limited.fps})`);
      } finally {
        await limit.remove();
        await loss.restore();
      }
      await Promise.all([camera.close(), healthy.close(), limited.close()]);
    });
});
