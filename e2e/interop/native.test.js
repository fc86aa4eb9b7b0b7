import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const NATIVE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'native-peer', 'target');

/**
 * A participant on real libwebrtc (the native-peer module: webrtc-java), as a native app would be, started as its own
 * process. It prints a JSON status line every half second: its participant id and what it decodes from whom.
 */
function startNative(joinUrl, codec, name) {
  const child = spawn('java', ['-cp', `${NATIVE}/classes:${NATIVE}/lib/*`, 'org.parley.nativepeer.NativePeer',
    joinUrl, codec, name, '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const native = { child, status: null, errors: [] };
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      native.status = JSON.parse(line);
    } catch {
      native.errors.push(line);
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => native.errors.push(line));
  return native;
}

// Browsers and native libwebrtc participants in one room (libwebrtc ignores loopback: the veth namespace). Together
// these tests cover every pair of Chromium, Firefox, native VP8 and native H.264-only, and print each pair's time from
// the native process starting to the first remote frame on either side.
describe('native libwebrtc participants with Chromium, Firefox and each other', () => {
  let chromium;
  let firefox;
  const natives = [];

  before(async () => {
    assert.ok(existsSync(`${NATIVE}/classes`), `build native-peer first (${NATIVE})`);
    [chromium, firefox] = await Promise.all([launchWithFakeDevices(), launchFirefox()]);
  });

  after(async () => {
    natives.forEach((native) => native.child.kill());
    for (const native of natives) {
      if (native.errors.length) {
        console.log(`native peer said:\n  ${native.errors.slice(-20).join('\n  ')}`);
      }
      console.log(`native peer's last status: ${JSON.stringify(native.status)}`);
    }
    await firefox?.close();
    await chromium?.close();
  });

  async function joinNative(room, codec) {
    const native = startNative(onServer(room.joinUrl), codec, `Native ${codec}`);
    natives.push(native);
    const id = await waitFor('the native participant to join', () => native.status?.participantId,
      { timeout: 30 * SECOND });
    return { native, id };
  }

  function decodes(native, publisherId, what) {
    return waitFor(`the native participant to decode ${what}`,
      () => (native.status?.video?.[publisherId] ?? 0) > 0 && (native.status?.audio?.[publisherId] ?? 0) > 0,
      { timeout: 45 * SECOND, interval: 250 });
  }

  async function keepsDecoding(native, publisherId) {
    const before = native.status.video[publisherId];
    await waitFor('the native participant to keep decoding', () => native.status.video[publisherId] >= before + 10,
      { timeout: 15 * SECOND, interval: 250 });
  }

  // With h264 the native side offers H.264 only, as Safari on older iPhones does: a browser that offered VP8 and
  // H.264 (Chromium) is then asked to send H.264, the codec most of the room decodes.
  for (const [browserName, codec] of [['chromium', 'vp8'], ['chromium', 'h264'], ['firefox', 'vp8']]) {
    test(`native (${codec}) and ${browserName} each decode the other`, async (t) => {
      const browser = browserName === 'chromium' ? chromium : firefox;
      const room = await createRoom(`e2e native ${codec} ${browserName}`);
      const host = await Participant.join(browser, onServer(room.hostJoinUrl), browserName);
      const hostId = await host.id();
      const started = Date.now();
      const { native, id: nativeId } = await joinNative(room, codec);
      const [atBrowser, atNative] = await Promise.all([
        host.firstFrameFrom(nativeId).then(() => Date.now() - started),
        decodes(native, hostId, `${browserName}'s video and audio`).then(() => Date.now() - started),
      ]);
      t.diagnostic(`first-remote-frame-ms (${browserName} / native ${codec}): ${browserName} decodes native `
        + `${atBrowser} after the native process started; native decodes ${browserName} ${atNative}`);
      await host.receivesFlowingMediaFrom(nativeId);
      await keepsDecoding(native, hostId);
      native.child.kill();
      await host.close();
    });
  }

  test('native VP8 and native H.264-only each decode the other: the VP8 one switches to H.264', async (t) => {
    const room = await createRoom('e2e native vp8 h264');
    const started = Date.now();
    const first = await joinNative(room, 'vp8');
    const second = await joinNative(room, 'h264');
    await Promise.all([decodes(first.native, second.id, 'the H.264-only app'),
      decodes(second.native, first.id, 'the VP8 app, now sending H.264')]);
    t.diagnostic(`first-remote-frame-ms (native vp8 / native h264): both decode each other ${Date.now() - started} `
      + 'after the first native process started');
    await keepsDecoding(second.native, first.id);
    first.native.child.kill();
    second.native.child.kill();
  });

  // Debian's Firefox has no H.264 (its OpenH264 plugin cannot be downloaded here): no video codec in common. Each
  // still hears the other, and the page stays without errors.
  test('Firefox and native H.264-only share no video codec: audio both ways', async (t) => {
    const room = await createRoom('e2e native h264 firefox');
    const fox = await Participant.join(firefox, onServer(room.hostJoinUrl), 'firefox');
    const foxId = await fox.id();
    const started = Date.now();
    const { native, id: nativeId } = await joinNative(room, 'h264');
    await waitFor('the native participant to hear Firefox', () => (native.status?.audio?.[foxId] ?? 0) > 48000,
      { timeout: 45 * SECOND, interval: 250 });
    await waitFor('Firefox to hear the native participant', async () => ((await fox.inboundBytes(nativeId))?.audio ?? 0) > 10000,
      { timeout: 30 * SECOND });
    t.diagnostic(`first-remote-audio-ms (firefox / native h264): ${Date.now() - started}; no video either way`);
    assert.equal(native.status.video?.[foxId] ?? 0, 0, 'no VP8 reaches an app that offered H.264 only');
    await fox.assertNoErrors();
    native.child.kill();
    await fox.close();
  });
});
