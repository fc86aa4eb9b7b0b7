import assert from 'node:assert/strict';
import { Participant } from './browser.js';
import { createRoom, onServer } from './server.js';

/** The media server's port in the suite (run.sh): UDP, and ICE-TCP on the same number. */
export const MEDIA_PORT = Number(process.env.PARLEY_E2E_MEDIA_PORT ?? 10000);

/**
 * A host in `hostBrowser` joins a new room, then a guest in `guestBrowser`; both must decode each other's media, and
 * each one's selected candidate pair (see Participant.selectedPath) must end at the media port and satisfy
 * `expectPath(path, participant)`. Prints the time from the guest pressing Join to its first decoded frame of the
 * host. `url` turns a join link into the one to open (e.g. with `relay=1`). The caller closes both.
 */
export async function meetOver(t, label, { hostBrowser, guestBrowser = hostBrowser, url = onServer, expectPath }) {
  const room = await createRoom(`e2e ${label}`);
  const host = await Participant.join(hostBrowser, url(room.hostJoinUrl), `${hostBrowser.name ?? 'chromium'} host (${label})`);
  const hostId = await host.id();
  const guest = await Participant.join(guestBrowser, url(room.joinUrl), `${guestBrowser.name ?? 'chromium'} guest (${label})`);
  const guestId = await guest.id();
  await guest.firstFrameFrom(hostId);
  const joinToFirstFrame = Date.now() - guest.joinedAt;
  await host.firstFrameFrom(guestId);
  for (const participant of [host, guest]) {
    const path = await participant.selectedPath();
    assert.ok(path, `${participant.name} has a selected path`);
    expectPath(path, participant);
    assert.equal(path.remotePort, MEDIA_PORT, `${participant.name} reaches the media port (${JSON.stringify(path)})`);
  }
  await Promise.all([host.receivesFlowingMediaFrom(guestId), guest.receivesFlowingMediaFrom(hostId)]);
  t.diagnostic(`join-to-first-frame-ms (${label}): ${joinToFirstFrame}`);
  return { host, guest, joinToFirstFrame };
}

/** `expectPath` for {@link meetOver}: media goes over `protocol` ('udp' or 'tcp') with no relay. */
export function direct(protocol) {
  return (path, who) => {
    // host, or prflx for a TCP connection from an ephemeral port: anything but a relay
    assert.notEqual(path.type, 'relay', `${who.name} connects directly (${JSON.stringify(path)})`);
    assert.equal(path.protocol, protocol, `${who.name} sends over ${protocol} (${JSON.stringify(path)})`);
  };
}
