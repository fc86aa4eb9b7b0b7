import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { createRoom, onServer } from '../lib/server.js';
import { waitFor } from '../lib/wait.js';

// Firefox's own device failures, with Firefox's own error names and words, and the same way forward as Chromium's.
describe('devices that fail in Firefox, and the way forward', () => {
  let chromium;
  let room;
  let host;
  let hostId;

  before(async () => {
    chromium = await launchWithFakeDevices();
    room = await createRoom('e2e firefox devices');
    host = await Participant.join(chromium, onServer(room.hostJoinUrl), 'Hostess');
    hostId = await host.id();
  });

  after(async () => {
    await chromium?.close();
  });

  /** A Firefox with `prefs`, one visitor page on the room, closed afterwards. */
  async function withFirefox(prefs, name, options, body) {
    const firefox = await launchFirefox({ prefs });
    try {
      const visitor = await Participant.open(firefox, onServer(room.joinUrl), name, options);
      await body(visitor);
      await visitor.close();
    } finally {
      await firefox.close();
    }
  }

  async function joinWithoutDevices(visitor, label) {
    assert.equal(await visitor.page.textContent('[data-testid=join-without-devices]'), label);
    await visitor.page.fill('#display-name', visitor.name);
    await visitor.page.click('[data-testid=join-without-devices]');
    const visitorId = await visitor.id();
    await visitor.receivesFlowingMediaFrom(hostId);
    await waitFor('the host to see the visitor with microphone and camera off', async () => {
      const tile = await host.tile(visitorId);
      return tile?.mutedAudio === 'true' && tile.mutedVideo === 'true';
    });
    await visitor.assertNoErrors();
  }

  test('denied permission (NotAllowedError): how to allow it, and joining without camera and microphone', async (t) => {
    const blocked = {
      'media.navigator.permission.disabled': false,
      'permissions.default.camera': 2,
      'permissions.default.microphone': 2,
    };
    await withFirefox(blocked, 'Blocked', {}, async (visitor) => {
      const message = await visitor.errorMessage();
      t.diagnostic(`shown: ${message}`);
      assert.match(message, /not allowed to use your camera and microphone/);
      assert.match(message, /address bar/, 'it says how to allow access');
      await joinWithoutDevices(visitor, 'Join without camera and microphone');
    });
  });

  test('a busy microphone ("Concurrent mic process limit."): named plainly, and "Try again" works once free', async (t) => {
    const busy = { audio: '*', message: 'Concurrent mic process limit.' };
    await withFirefox({}, 'Busy', { busy }, async (visitor) => {
      const message = await visitor.errorMessage();
      t.diagnostic(`shown: ${message}`);
      assert.match(message, /microphone .*could not be started: Firefox uses only one microphone at a time/);
      assert.match(message, /another tab or window/);
      assert.match(message, /Try again/);
      await visitor.page.evaluate(() => { window.__parleyTest.busy = {}; }); // the other tab let go of it
      await visitor.page.click('[data-testid=retry-devices]');
      await waitFor('the error to go after Try again', async () => !(await visitor.page.isVisible('[data-testid=error]')));
      assert.deepEqual(await visitor.liveTracks(), { audio: 1, video: 1 });
    });
  });

  test('no device at all (NotFoundError): joining to watch and listen', async (t) => {
    await withFirefox({ 'media.navigator.streams.fake': false }, 'Nocam', {}, async (visitor) => {
      const message = await visitor.errorMessage();
      t.diagnostic(`shown: ${message}`);
      assert.match(message, /No camera or microphone was found/);
      await joinWithoutDevices(visitor, 'Join to watch and listen');
    });
  });
});
