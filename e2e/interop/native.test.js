import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
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

// Chromium and a native libwebrtc participant in one room (libwebrtc ignores loopback: the veth namespace).
describe('a native libwebrtc participant and Chromium in one call', () => {
  let chromium;
  const natives = [];

  before(async () => {
    assert.ok(existsSync(`${NATIVE}/classes`), `build native-peer first (${NATIVE})`);
    chromium = await launchWithFakeDevices();
  });

  after(async () => {
    natives.forEach((native) => native.child.kill());
    for (const native of natives) {
      if (native.errors.length) {
        console.log(`native peer said:\n  ${native.errors.slice(-20).join('\n  ')}`);
      }
      console.log(`native peer's last status: ${JSON.stringify(native.status)}`);
    }
    await chromium?.close();
  });

  // With h264 the native side offers H.264 only, as Safari on older iPhones does: Chromium, which offered VP8 and
  // H.264, is then asked to send H.264 (the codec most of the room decodes).
  for (const codec of ['vp8', 'h264']) {
    test(`native (${codec}) and Chromium each decode the other`, async (t) => {
      const room = await createRoom(`e2e native ${codec}`);
      const host = await Participant.join(chromium, onServer(room.hostJoinUrl), 'Chromia');
      const hostId = await host.id();
      const started = Date.now();
      const native = startNative(onServer(room.joinUrl), codec, `Native ${codec}`);
      natives.push(native);
      const nativeId = await waitFor('the native participant to join', () => native.status?.participantId,
        { timeout: 30 * SECOND });
      const [atChromium, atNative] = await Promise.all([
        host.firstFrameFrom(nativeId).then(() => Date.now() - started),
        waitFor('the native participant to decode Chromium\'s video and audio',
          () => (native.status?.video?.[hostId] ?? 0) > 0 && (native.status?.audio?.[hostId] ?? 0) > 0
            && Date.now() - started, { timeout: 45 * SECOND, interval: 250 }),
      ]);
      t.diagnostic(`first-remote-frame-ms (${codec}): Chromium decodes native ${atChromium} after the native `
        + `process started; native decodes Chromium ${atNative}`);
      await host.receivesFlowingMediaFrom(nativeId);
      const before = native.status.video[hostId];
      await waitFor('the native participant to keep decoding', () => native.status.video[hostId] >= before + 10,
        { timeout: 15 * SECOND, interval: 250 });
      native.child.kill();
      await host.close();
    });
  }

});
