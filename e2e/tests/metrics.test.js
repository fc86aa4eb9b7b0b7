import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { createRoom, metrics, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/** An operator's view of a call: the figures on /metrics move while two people talk. */
describe('metrics', () => {
  let browser;

  before(async () => {
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await browser?.close();
  });

  test('during a call the members, rooms, connections, tracks, key frame requests and packets each way show on /metrics', async (t) => {
    const before = await metrics();
    assert.ok('parley_media_sent_packets' in before, `Parley's metrics are served: ${JSON.stringify(before)}`);
    const room = await createRoom('e2e metrics');
    const host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Host');
    const guest = await Participant.join(browser, onServer(room.joinUrl), 'Guest');
    const [hostId, guestId] = await Promise.all([host.id(), guest.id()]);
    await Promise.all([host.receivesFlowingMediaFrom(guestId), guest.receivesFlowingMediaFrom(hostId)]);

    const during = await waitFor('the figures to show the call', async () => {
      const now = await metrics();
      const moved = now.parley_signalling_members >= 2 && now.parley_media_rooms >= 1
        && now.parley_media_connections >= 2
        && now.parley_media_sent_packets - before.parley_media_sent_packets > 200
        && now.parley_media_received_packets - before.parley_media_received_packets > 200
        && now.parley_media_sent_bytes > before.parley_media_sent_bytes
        // each publishes a microphone and a camera, and each forwards the other's two
        && now.parley_media_published_tracks >= 4 && now.parley_media_forwarded_tracks >= 4
        // a new subscriber's first frame needs a key frame: asked of the publisher
        && now.parley_media_key_frame_requests > before.parley_media_key_frame_requests
        // each one's join timed, from their media opening to ICE and DTLS done
        && now.parley_join_media_milliseconds_count - (before.parley_join_media_milliseconds_count ?? 0) >= 2;
      if (moved) {
        return now;
      }
      throw new Error(`figures now: ${JSON.stringify(now)}`);
    }, { timeout: 30 * SECOND, interval: 500 });
    t.diagnostic(`before: ${JSON.stringify(before)}`);
    t.diagnostic(`during: ${JSON.stringify(during)}`);
    await Promise.all([host.close(), guest.close()]);
  });
});
