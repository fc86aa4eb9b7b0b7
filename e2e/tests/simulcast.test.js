import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * The camera goes out as three simulcast layers and the server forwards each subscriber one of them, as one
 * continuous stream: a subscriber on a good link decodes the top layer.
 */
describe('simulcast in real Chromium', () => {
  let browser;

  before(async () => {
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await browser?.close();
  });

  test('the camera is sent as three layers and a subscriber on a good link decodes the top one', async (t) => {
    const room = await createRoom('e2e simulcast');
    const host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Sim');
    const hostId = await host.id();
    const guest = await Participant.join(browser, onServer(room.joinUrl), 'Watcher');
    await guest.firstFrameFrom(hostId);
    const joined = Date.now();

    // Chromium starts its top layer once its own estimate of the uplink carries it; on a busy machine that estimate
    // can climb slowly (once 17 s here, against an earlier 20 s deadline).
    const layers = await waitFor('the host to send three layers', async () => {
      const sent = await host.sentLayers();
      return sent.length === 3 && sent.every((layer) => layer.framesSent > 0) && sent;
    }, { timeout: 60 * SECOND });
    t.diagnostic(`sent layers: ${layers.map((l) => `${l.rid} ${l.frameWidth}x${l.frameHeight}`).join(', ')}`);
    assert.deepEqual(layers.map((l) => l.rid), ['f', 'h', 'q']);
    for (const layer of layers) {
      assert.ok(layer.frameWidth % 16 === 0 && layer.frameHeight % 16 === 0, `${layer.rid} in multiples of 16`);
    }

    const top = Math.max(...layers.map((l) => l.frameWidth));
    const seen = [];
    const received = await waitFor('the guest to decode the top layer', async () => {
      const size = await guest.videoStatsFrom(hostId);
      if (seen.at(-1) !== size.width) {
        seen.push(size.width);
      }
      return size.width >= top && size;
    }, { timeout: 60 * SECOND, interval: 500 });
    t.diagnostic(`top layer (${received.width}x${received.height}) decoded ${Date.now() - joined} ms after `
      + `the first frame; widths seen on the way: ${seen.join(' → ')}`);
    t.diagnostic(`the host's estimate of its uplink: ${Math.round(await host.availableOutgoingBitrate() / 1000)} kbit/s`);
    await guest.receivesFlowingMediaFrom(hostId);
    await guest.assertNoErrors();
    await Promise.all([host.close(), guest.close()]);
  });

  test('layers nobody watches are paused at the publisher, and resumed for someone who would watch them', async (t) => {
    const room = await createRoom('e2e simulcast pause');
    const host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Alone');
    const hostId = await host.id();
    const first = await Participant.join(browser, onServer(room.joinUrl), 'First watcher');
    await first.firstFrameFrom(hostId);
    await waitFor('the host to send three layers', async () => (await host.sentLayers()).length === 3);
    await first.leave();
    await first.close();

    const left = Date.now();
    const paused = await waitFor('the host to stop encoding the upper layers', async () => {
      const active = await activeLayers(host);
      return active.join() === 'q' && active;
    }, { timeout: 30 * SECOND, interval: 250 });
    t.diagnostic(`upper layers paused ${Date.now() - left} ms after the last watcher left: sending ${paused.join()}`);
    const before = await host.sentLayers();
    await new Promise((resolve) => setTimeout(resolve, 2 * SECOND));
    const after2s = await host.sentLayers();
    const grew = (rid) => after2s.find((l) => l.rid === rid).framesSent - before.find((l) => l.rid === rid).framesSent;
    assert.equal(grew('f'), 0, 'no frames of the top layer are encoded');
    assert.ok(grew('q') > 10, 'the lowest layer goes on');

    const joined = Date.now();
    const second = await Participant.join(browser, onServer(room.joinUrl), 'Second watcher');
    const top = await waitFor('the new watcher to decode the top layer', async () => {
      const size = await second.videoStatsFrom(hostId);
      return size.width >= 1280 && size.width;
    }, { timeout: 60 * SECOND, interval: 500 });
    t.diagnostic(`the top layer (${top} wide) reached the new watcher ${Date.now() - joined} ms after its page opened`);
    assert.deepEqual(await activeLayers(host), ['q', 'h', 'f']);
    await Promise.all([host.close(), second.close()]);
  });
});

/** The rids the page's camera sender encodes now. */
function activeLayers(participant) {
  return participant.page.evaluate(() => {
    const camera = window.parley.pc.getSenders().find((s) => s.track && s.track === window.parley.media.track('video'));
    return camera.getParameters().encodings.filter((e) => e.active !== false).map((e) => e.rid);
  });
}
