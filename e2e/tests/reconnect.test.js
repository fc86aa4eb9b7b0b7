import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { candidatePorts, NetworkCut } from '../lib/network.js';
import { MEDIA_PORT } from '../lib/paths.js';
import { BASE_URL, createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/** The promise: back within 10 s of the network returning. */
const RECOVERY_BUDGET_MS = Number(process.env.E2E_RECOVERY_BUDGET_MS ?? 10 * SECOND);
/** The participant who loses the network reaches the server at a loopback address of their own (see lib/network.js). */
const CUT_ADDRESS = '127.0.0.2';
const SERVER_PORT = Number(new URL(BASE_URL).port || 80);

describe('losing the network and coming back', async () => {
  const iptables = await NetworkCut.available();
  let browser;
  let room;
  let host;
  let traveller;
  const ids = {};
  const cut = new NetworkCut();

  /**
   * Cuts the traveller's media: UDP on its candidates' ports, and ICE over TCP to the media port (everyone's, but the
   * others use UDP), so no path is left to fall back on.
   */
  async function cutMedia() {
    await cut.media(await candidatePorts(traveller.page));
    await cut.tcpPort(MEDIA_PORT);
  }

  before(async () => {
    assert.ok(iptables, 'iptables is needed to cut a participant\'s network (e2e/setup.sh installs it)');
    browser = await launchWithFakeDevices();
    room = await createRoom('e2e reconnect');
    host = await Participant.join(browser, onServer(room.hostJoinUrl), 'Stayer');
    const travellerUrl = onServer(room.joinUrl).replace('127.0.0.1', CUT_ADDRESS);
    traveller = await Participant.join(browser, travellerUrl, 'Traveller');
    [ids.host, ids.traveller] = await Promise.all([host.id(), traveller.id()]);
    await Promise.all([host.receivesFlowingMediaFrom(ids.traveller), traveller.receivesFlowingMediaFrom(ids.host)]);
    await watchForRemoval(host, ids.traveller);
  });

  after(async () => {
    await cut.restore().catch(() => {});
    await browser?.close();
  });

  test('all traffic cut: the others see "away", not gone; back by itself as the same participant', async (t) => {
    await cutMedia();
    await cut.signalling(CUT_ADDRESS, SERVER_PORT);
    const cutAt = Date.now();

    await waitFor('the traveller\'s page to say it is reconnecting',
      async () => (await traveller.connectionState()) === 'reconnecting', { timeout: 20 * SECOND });
    t.diagnostic(`traveller-sees-reconnecting-ms: ${Date.now() - cutAt}`);
    await waitFor('the host to see the traveller away (tile kept, away marker)', async () => {
      const tile = await host.tile(ids.traveller);
      return tile?.present === 'false' && tile.awayShown;
    }, { timeout: 30 * SECOND });
    t.diagnostic(`host-sees-away-ms: ${Date.now() - cutAt}`);

    await cut.restore();
    const restoredAt = Date.now();
    await waitFor('the traveller to be connected again', async () => (await traveller.connectionState()) === 'connected',
      { timeout: 30 * SECOND });
    await Promise.all([
      traveller.receivesFlowingMediaFrom(ids.host, RECOVERY_BUDGET_MS),
      host.receivesFlowingMediaFrom(ids.traveller, RECOVERY_BUDGET_MS),
    ]);
    const recovered = Date.now() - restoredAt;
    t.diagnostic(`recovery-ms (network back → media flowing both ways): ${recovered}`);
    assert.ok(recovered <= RECOVERY_BUDGET_MS, `media flowed again only after ${recovered} ms`);

    assert.equal(await traveller.id(), ids.traveller, 'the same participant came back');
    // Present again for the host: a socket the server had closed meanwhile has been replaced and resumed by now.
    await waitFor('the host to see the traveller present', async () => (await host.tile(ids.traveller))?.present === 'true');
    const counts = await recovery(traveller);
    t.diagnostic(`recovery: ${JSON.stringify(counts)}`);
    // Whether the page gave its socket up depends on how long the cut lasted against its timers: restored soon
    // enough, the old socket simply carries on. Either way it is the same session, never a new join.
    assert.equal(counts.joins - 1, counts.resumes, 'every join after the first resumed the session');
    assert.equal(counts.resumes, counts.reconnects, 'a new socket, if any, resumed the session');
    assert.equal(await wasRemoved(host), false, 'the host never lost the traveller\'s tile');
    assert.deepEqual(await host.tileIds(), [ids.traveller]);
    assert.deepEqual(await traveller.tileIds(), [ids.host]);
  });

  test('media cut while signalling stays up: an ICE restart (same peer connection, new credentials) brings media back',
    async (t) => {
    const before = await recovery(traveller);
    const ufragBefore = await localUfrag(traveller);
    await cutMedia();
    const cutAt = Date.now();
    await waitFor('the traveller\'s page to say it is reconnecting',
      async () => (await traveller.connectionState()) === 'reconnecting', { timeout: 20 * SECOND });
    t.diagnostic(`traveller-sees-reconnecting-ms: ${Date.now() - cutAt}`);
    // Keep the cut until the page asked for an ICE restart and the server answered it with an offer (new ICE
    // credentials), so that media can only come back through the restart.
    await waitFor('the traveller to ask for an ICE restart and get the server\'s offer', async () =>
      (await recovery(traveller)).iceRestartsOffered > before.iceRestartsOffered, { timeout: 20 * SECOND });
    t.diagnostic(`ice-restart-offered-ms (after the cut): ${Date.now() - cutAt}`);

    await cut.restore();
    const restoredAt = Date.now();
    await Promise.all([
      traveller.receivesFlowingMediaFrom(ids.host, RECOVERY_BUDGET_MS),
      host.receivesFlowingMediaFrom(ids.traveller, RECOVERY_BUDGET_MS),
    ]);
    const recovered = Date.now() - restoredAt;
    t.diagnostic(`recovery-ms: ${recovered}`);
    await waitFor('the traveller to be connected again', async () => (await traveller.connectionState()) === 'connected');
    const after = await recovery(traveller);
    t.diagnostic(`recovery: ${JSON.stringify(after)}`);
    assert.equal(after.calls, before.calls, 'the same peer connection carried on (no new offer from the browser)');
    assert.equal(after.reconnects, before.reconnects, 'the socket stayed up');
    assert.notEqual(await localUfrag(traveller), ufragBefore, 'ICE restarted with new credentials');
    assert.equal(await traveller.id(), ids.traveller);
    assert.equal(await wasRemoved(host), false, 'the host never lost the traveller\'s tile');
  });

  test('all traffic cut for longer than the consent timeout: back as the same participant, media restarted', async (t) => {
    const before = await recovery(traveller);
    await cutMedia();
    await cut.signalling(CUT_ADDRESS, SERVER_PORT);
    const cutAt = Date.now();
    // Past the server's consent timeout (8 s): its side of the media connection fails while the page's ICE request
    // goes to a dead socket; once back, the page's ICE may even look connected again on the old pair.
    await waitFor('the traveller\'s page to give its socket up', async () => (await recovery(traveller)).reconnects > before.reconnects,
      { timeout: 30 * SECOND });
    await waitFor('the host to see the traveller away', async () => (await host.tile(ids.traveller))?.present === 'false',
      { timeout: 30 * SECOND });
    t.diagnostic(`cut-ms: ${Date.now() - cutAt}`);

    await cut.restore();
    const restoredAt = Date.now();
    await Promise.all([
      traveller.receivesFlowingMediaFrom(ids.host, RECOVERY_BUDGET_MS),
      host.receivesFlowingMediaFrom(ids.traveller, RECOVERY_BUDGET_MS),
    ]);
    t.diagnostic(`recovery-ms: ${Date.now() - restoredAt}`);
    const after = await recovery(traveller);
    t.diagnostic(`recovery: ${JSON.stringify(after)}`);
    assert.equal(after.calls, before.calls, 'the same peer connection carried on');
    assert.equal(await traveller.id(), ids.traveller);
    assert.equal(await wasRemoved(host), false, 'the host never lost the traveller\'s tile');
  });

  test('a resume token the server no longer honours (grace over, forged) joins afresh without a word', async (t) => {
    const returning = await Participant.open(browser, onServer(room.joinUrl), 'Returning', {
      beforeLoad: `sessionStorage.setItem('parley.resume.${room.id}', 'expired-or-forged-token');`,
    });
    await returning.page.fill('#display-name', 'Returning');
    await returning.page.click('[data-testid=join]');
    const id = await returning.id();
    await Promise.all([returning.firstFrameFrom(ids.host), host.firstFrameFrom(id)]);
    const counts = await recovery(returning);
    t.diagnostic(`recovery: ${JSON.stringify(counts)}`);
    assert.equal(counts.resumes, 0);
    assert.notEqual(await returning.page.evaluate((key) => sessionStorage.getItem(key), `parley.resume.${room.id}`),
      'expired-or-forged-token', 'the new session\'s token replaced it');
    await returning.assertNoErrors();
    await returning.close();
    await waitFor('the host to drop the returning tile', async () => !(await host.tileIds()).includes(id));
  });

  test('closing the tab is leaving: the others lose the tile at once', async (t) => {
    const closedAt = Date.now();
    await traveller.page.close();
    await waitFor('the host to drop the traveller\'s tile', async () => !(await host.tileIds()).includes(ids.traveller),
      { timeout: 3 * SECOND, interval: 50 });
    t.diagnostic(`tile-gone-ms: ${Date.now() - closedAt}`);
  });
});

/** The page's recovery counters (ParleyClient.diagnostics). */
function recovery(participant) {
  return participant.page.evaluate(() => window.parley.client.diagnostics);
}

function localUfrag(participant) {
  return participant.page.evaluate(() => /a=ice-ufrag:(\S+)/.exec(window.parley.pc.localDescription.sdp)?.[1]);
}

/** Records in `viewer`'s page whether the tile of `peerId` is ever removed. */
function watchForRemoval(viewer, peerId) {
  return viewer.page.evaluate((id) => {
    window.__tileRemoved = false;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.removedNodes) {
          if (node.dataset?.participantId === id) {
            window.__tileRemoved = true;
          }
        }
      }
    }).observe(document.getElementById('tiles'), { childList: true });
  }, peerId);
}

function wasRemoved(viewer) {
  return viewer.page.evaluate(() => window.__tileRemoved);
}
