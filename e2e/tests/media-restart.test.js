import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMeeting } from '../lib/meeting.js';
import { socketTap } from '../lib/socket-tap.js';
import { SECOND, waitFor } from '../lib/wait.js';

// MEDIA_NODE_LOST needs a media node to die in a cluster: the single-node server under test never sends it, so the
// test puts it into one page's real socket; the page's answer (a new peer connection and a new offer) really goes to
// the server, and the call must come back.

/** The page's client diagnostics, its state, and whether the peer connection recorded earlier is closed. */
function callView(participant) {
  return participant.page.evaluate(() => ({
    ...window.parley.client.diagnostics,
    state: window.parley.client.state,
    oldClosed: window.__oldPc?.connectionState === 'closed',
    sameConnection: window.__oldPc === window.parley.pc,
    states: window.__states ?? [],
  }));
}

function remember(participant) {
  return participant.page.evaluate(() => {
    window.__oldPc = window.parley.pc;
    window.__states = [];
    if (!window.__listening) {
      window.__listening = true;
      window.parley.client.addEventListener('statechange', (event) => window.__states.push(event.detail));
    }
  });
}

describe('the server says the media connection is useless: the page starts it over', () => {
  let browser;
  let host;
  let guest;
  const ids = {};
  let lostOnResume = false; // set: the next resume meets MEDIA_NODE_LOST before its "joined"
  const tap = socketTap({
    intercept: (message) => {
      if (message.type === 'join' && message.resumeToken && lostOnResume) {
        lostOnResume = false;
        // As a server whose room moved to another media node says it: before "joined" (RedisMediaNode.open).
        tap.inject({ type: 'error', code: 'MEDIA_NODE_LOST', message: 'injected by the test' });
      }
      return null; // the join itself goes on to the server
    },
  });

  before(async () => {
    const meeting = await startMeeting(['Steady', 'Moved'], { joinOptions: [{}, { onPage: tap.onPage }] });
    browser = meeting.browser;
    [host, guest] = meeting.people.map((person) => person.participant);
    [ids.host, ids.guest] = meeting.people.map((person) => person.id);
  });

  after(async () => {
    await browser?.close();
  });

  for (const code of ['MEDIA_NODE_LOST', 'ICE_RESTART_FAILED']) {
    test(`${code} (no ICE restart pending): a new peer connection and offer, and the call comes back`, async (t) => {
      await remember(guest);
      const before = await callView(guest);
      tap.inject({ type: 'error', code, message: 'injected by the test' });

      const after = await waitFor('a new peer connection that connects', async () => {
        const now = await callView(guest);
        return now.oldClosed && !now.sameConnection && now.state === 'connected' && now;
      }, { timeout: 30 * SECOND });
      t.diagnostic(`states: ${after.states.join(' → ')}`);
      assert.equal(after.calls, before.calls + 1, 'exactly one new call');
      assert.equal(after.joins, before.joins, 'the same membership: no new join');
      assert.ok(after.states.includes('reconnecting'), 'the page said it was reconnecting');
      await guest.receivesFlowingMediaFrom(ids.host);
      await host.receivesFlowingMediaFrom(ids.guest);
      await guest.assertNoErrors();
    });
  }

  test('MEDIA_NODE_LOST before "joined" of a resume: the resumed session still starts its media over', async () => {
    await remember(guest);
    const before = await callView(guest);
    lostOnResume = true;
    await tap.socket.close({ code: 3000, reason: 'dropped by the test' }); // the page reconnects and resumes

    const after = await waitFor('a resume with a new peer connection that connects', async () => {
      const now = await callView(guest);
      return now.resumes === before.resumes + 1 && now.oldClosed && now.state === 'connected' && now;
    }, { timeout: 30 * SECOND });
    assert.equal(lostOnResume, false, 'the resume met MEDIA_NODE_LOST');
    assert.equal(after.calls, before.calls + 1, 'exactly one new call');
    await guest.receivesFlowingMediaFrom(ids.host);
    await host.receivesFlowingMediaFrom(ids.guest);
  });

  test('participantUpdated isPresent:false while their socket stays open (media lost): the tile shows away, then back', async () => {
    const host = { id: ids.host, displayName: 'Steady', isHost: true, audioMuted: false, videoMuted: false };
    tap.inject({ type: 'participantUpdated', participant: { ...host, isPresent: false } });
    await waitFor('the tile to show away', async () => {
      const tile = await guest.tile(ids.host);
      return tile?.present === 'false' && tile.awayShown;
    });
    tap.inject({ type: 'participantUpdated', participant: { ...host, isPresent: true } });
    await waitFor('the tile to be back', async () => {
      const tile = await guest.tile(ids.host);
      return tile?.present === 'true' && !tile.awayShown;
    });
    await guest.receivesFlowingMediaFrom(ids.host);
  });
});
