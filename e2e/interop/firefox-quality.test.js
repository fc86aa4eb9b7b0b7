import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, launchWithoutDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { candidatePorts, DownlinkLimit, NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/** The camera's top layer: frames sent so far, and whether it is active (false: the server asked to pause it). */
async function topLayer(camera) {
  const top = (await camera.sentLayers()).find((l) => l.rid === 'f');
  return { frames: top?.framesSent ?? 0, active: top?.active ?? true };
}

/**
 * Both watchers and the camera over `ms`, sampled every 250 ms. A sample is steady when the camera sent its top layer
 * at 10 fps or more over the 2 s before it: only then can anyone have that layer, and a watcher has had time to move
 * up to it. Returns each watcher's frame rate and last width, the healthy watcher's share of steady samples at the top
 * width, and the share of samples that were steady.
 */
async function measureWindow(camera, cameraId, healthy, limited, ms) {
  const read = () => Promise.all([healthy.videoStatsFrom(cameraId), limited.videoStatsFrom(cameraId), topLayer(camera)]);
  const [healthyFrom, limitedFrom] = await read();
  const samples = [];
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const [a, b, top] = await read();
    samples.push({ at: Date.now(), healthy: a.width, limited: b.width, top: top.frames, paused: !top.active });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const [healthyTo, limitedTo] = await read();
  const steady = samples.filter((s) => {
    const before = samples.find((earlier) => earlier.at >= s.at - 2000);
    return s.at - before.at >= 1500 && (s.top - before.top) / ((s.at - before.at) / 1000) >= 10;
  });
  const perSecond = (count, from, to) => Math.round((count / ((to.at - from.at) / 1000)) * 10) / 10;
  const watcher = (from, to) => ({ width: to.width, fps: perSecond(to.frames - from.frames, from, to) });
  const share = (part, whole) => Math.round((part / Math.max(1, whole)) * 100) / 100;
  const first = samples[0];
  const last = samples[samples.length - 1];
  return {
    steadyShare: share(steady.length, samples.length),
    pausedShare: share(samples.filter((s) => s.paused).length, samples.length),
    cameraTopFps: perSecond(last.top - first.top, first, last),
    healthy: { ...watcher(healthyFrom, healthyTo), topShare: share(steady.filter((s) => s.healthy >= 1280).length, steady.length) },
    limited: watcher(limitedFrom, limitedTo),
  };
}

/** Why a window does not show the healthy watcher kept at the top and the limited one below it, or null when it does. */
const CAMERA_NOT_STEADY = 'the camera itself sent its top layer steadily for too little of the window';

function shortfall(window) {
  if (window.pausedShare > 0.4) {
    return 'the server paused the camera\'s top layer although the Chromium watcher has no limit';
  }
  if (window.steadyShare < 0.6) {
    return CAMERA_NOT_STEADY;
  }
  // The watcher's frame rate is judged against what the camera sent: on two starved cores the camera itself slows.
  if (window.healthy.topShare < 0.7 || window.healthy.fps < Math.max(5, 0.7 * window.cameraTopFps)) {
    return 'the Chromium watcher lost the top layer or its frame rate';
  }
  if (!(window.limited.width > 0 && window.limited.width < 1280) || window.limited.fps < 2) {
    return 'the Firefox watcher is not decoding a lower layer';
  }
  return null;
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
    // The limit and the loss apply to the watcher's UDP ports: no ICE-TCP and no TURN for it, or its ICE agent could
    // move to a path the shaping does not cover once the limited one starts losing its checks.
    [chromium, watchers, firefox] = await Promise.all([launchWithFakeDevices(), launchWithoutDevices(),
      launchFirefox({ prefs: { 'media.peerconnection.ice.tcp': false,
        'media.peerconnection.use_document_iceservers': false } })]);
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
        // On two starved cores Chromium's own encoder may thin out or pause its top layer for a while, and a starved
        // watcher may briefly read its backlog as congestion: up to five 10 s windows, every one printed; the first
        // that shows the healthy watcher at the top and the limited one decoding below it passes. When the camera
        // never sent its top layer steadily, what the server does with it cannot be judged: the test says so and
        // skips; any window it could judge must not have failed for good.
        const windows = [];
        for (let attempt = 1; attempt <= 5; attempt++) {
          const measured = await measureWindow(camera, cameraId, healthy, limited, 10 * SECOND);
          const why = shortfall(measured);
          t.diagnostic(`window ${attempt}: ${JSON.stringify(measured)}${why ? ` (${why})` : ''}`);
          windows.push({ ...measured, why });
          if (!why) {
            break;
          }
        }
        if (windows.every((w) => w.why === CAMERA_NOT_STEADY)) {
          t.skip(`the camera's own top layer was never steady (a starved machine): ${JSON.stringify(windows)}`);
        } else {
          assert.ok(windows.some((w) => !w.why), `no window passed: ${JSON.stringify(windows)}`);
        }
      } finally {
        await limit.remove();
        await loss.restore();
      }
      await Promise.all([camera.close(), healthy.close(), limited.close()]);
    });
});
