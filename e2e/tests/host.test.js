import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { startMeeting } from '../lib/meeting.js';
import { BASE_URL, createRoom, getRoom, onServer, roomStatus } from '../lib/server.js';
import { SECOND, holdsFor, waitFor } from '../lib/wait.js';

/** What a page shows once the server ended its membership, and whether it let go of its devices. */
function endedView(participant) {
  return participant.page.evaluate(() => {
    const note = document.querySelector('[data-testid=ended]');
    return {
      note: note.hidden ? null : note.textContent,
      state: document.querySelector('[data-testid=connection-state]').dataset.state,
      liveAudio: window.__parleyTest.live('audio'),
      liveVideo: window.__parleyTest.live('video'),
      stageShown: !document.querySelector('#stage').hidden,
    };
  });
}

/** Counts the WebSockets `participant`'s page opens from now on (a reconnection would open one). */
function countSockets(participant) {
  const opened = { count: 0 };
  participant.page.on('websocket', () => { opened.count += 1; });
  return opened;
}

function visibleCount(participant, selector) {
  return participant.page.$$eval(selector, (nodes) => nodes.filter((node) => node.checkVisibility()).length);
}

// One meeting, in order: the host's buttons, a removal, then the end of the meeting.
describe('the host removes someone and ends the meeting', () => {
  let browser;
  let room;
  let host;
  let guest;
  let removed;
  const ids = {};

  before(async () => {
    const meeting = await startMeeting(['Hostine', 'Guestine', 'Goner']);
    ({ browser, room } = meeting);
    [host, guest, removed] = meeting.people.map((person) => person.participant);
    [ids.host, ids.guest, ids.removed] = meeting.people.map((person) => person.id);
  });

  after(async () => {
    for (const participant of [host, guest, removed]) {
      if (participant?.errors.length) {
        console.log(`${participant.name} page errors:\n  ${participant.errors.join('\n  ')}`);
      }
    }
    await browser?.close();
  });

  test('only the host sees "End meeting" and the "Remove" buttons', async () => {
    await waitFor('the host to see End meeting and a Remove button on both tiles', async () =>
      await visibleCount(host, '[data-testid=end-meeting]') === 1
      && await visibleCount(host, '[data-testid=remove-participant]') === 2);
    for (const participant of [guest, removed]) {
      assert.equal(await visibleCount(participant, '[data-testid=end-meeting]'), 0, `${participant.name}: End meeting`);
      assert.equal(await visibleCount(participant, '[data-testid=remove-participant]'), 0, `${participant.name}: Remove`);
      assert.equal((await participant.tileIds()).length, 2, `${participant.name} sees the other two`);
    }
  });

  test('a removed participant is told, lets go of camera and microphone, and does not come back', async () => {
    assert.equal((await getRoom(room.id)).occupancyCount, 3);
    const sockets = countSockets(removed);
    await host.page.click(`[data-testid=participant][data-participant-id="${ids.removed}"] [data-testid=remove-participant]`);

    const view = await waitFor('the removed page to say so and release its devices', async () => {
      const now = await endedView(removed);
      return now.note && now.liveVideo === 0 && now.liveAudio === 0 && now;
    }, { timeout: 15 * SECOND });
    assert.equal(view.note, 'You were removed from the meeting by the host.');
    assert.equal(view.state, 'removed');
    assert.equal(view.stageShown, false);
    await waitFor('the others to lose the removed tile', async () =>
      !(await host.tileIds()).includes(ids.removed) && !(await guest.tileIds()).includes(ids.removed));
    await waitFor('occupancyCount to drop to 2', async () => (await getRoom(room.id)).occupancyCount === 2);

    await holdsFor('the removed page to stay out (no reconnection, no new participant)', async () => {
      const { occupants, occupancyCount } = await getRoom(room.id);
      const now = await endedView(removed);
      return sockets.count === 0 && now.state === 'removed' && occupancyCount === 2
        && !(ids.removed in occupants) && Object.keys(occupants).length === 2;
    });
    await removed.assertNoErrors();
  });

  test('when the host ends the meeting, every page says so, lets go of its devices and does not reconnect', async () => {
    const sockets = [countSockets(host), countSockets(guest)];
    await host.page.click('[data-testid=end-meeting]');

    for (const participant of [host, guest]) {
      await waitFor(`${participant.name}'s page to show the end and release its devices`, async () => {
        const now = await endedView(participant);
        return now.note && now.state === 'ended' && now.liveVideo === 0 && now.liveAudio === 0 && !now.stageShown;
      }, { timeout: 15 * SECOND });
    }
    assert.equal((await endedView(guest)).note, 'The host ended the meeting.');
    assert.match((await endedView(host)).note, /ended the meeting/);
    assert.equal(await roomStatus(room.id), 410);

    await holdsFor('the pages to stay ended without reconnecting', async () => {
      const views = await Promise.all([host, guest].map(endedView));
      return sockets.every((opened) => opened.count === 0) && views.every((view) => view.state === 'ended')
        && await roomStatus(room.id) === 410;
    });
    await guest.assertNoErrors();
    await host.assertNoErrors();
  });

  test('after the end, the room\'s link tells a newcomer the meeting has ended', async () => {
    const newcomer = await Participant.join(browser, onServer(room.joinUrl), 'Toolate');
    try {
      const message = await waitFor('the page to say the meeting ended', async () =>
        await newcomer.page.isVisible('[data-testid=error]') && newcomer.page.textContent('[data-testid=error]'));
      assert.match(message, /ended/i);
      assert.notEqual(await newcomer.connectionState(), 'connected');
      assert.equal(await roomStatus(room.id), 410);
    } finally {
      await newcomer.close();
    }
  });
});

describe('a full room', () => {
  let browser;
  let filler;

  before(async () => {
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await filler?.close();
    await browser?.close();
  });

  test('the next person is told the room is full and can try again later', async (t) => {
    const room = await createRoom('e2e full');
    const link = new URL(onServer(room.joinUrl));
    // Fill the room with signalling-only members (sockets that join and send no media): cheap, and independent of
    // the server's limit (parley.room.max-participants), which the first refusal reveals.
    filler = await Participant.open(browser, `${BASE_URL}/index.html`, 'Filler');
    const members = await filler.page.evaluate(async ({ url, roomId, token }) => {
      window.fillers = [];
      for (let i = 0; i < 64; i += 1) {
        const socket = new WebSocket(url);
        window.fillers.push(socket);
        const reply = await new Promise((resolve, reject) => {
          socket.onopen = () => socket.send(JSON.stringify({ type: 'join', roomId, token, displayName: `Filler ${i}` }));
          socket.onmessage = (event) => resolve(JSON.parse(event.data));
          socket.onclose = () => reject(new Error(`socket ${i} closed`));
        });
        if (reply.type !== 'joined') {
          socket.close();
          return { joined: i, refusal: reply };
        }
      }
      return { joined: 64, refusal: null };
    }, { url: `${BASE_URL.replace(/^http/, 'ws')}/ws`, roomId: room.id, token: link.searchParams.get('t') });
    t.diagnostic(`the room took ${members.joined} members, then: ${JSON.stringify(members.refusal)}`);
    assert.equal(members.refusal?.code, 'ROOM_FULL', 'the server refuses the member after the last place');
    assert.equal((await getRoom(room.id)).occupancyCount, members.joined);

    const visitor = await Participant.join(browser, onServer(room.joinUrl), 'Toolate');
    try {
      const message = await waitFor('the page to say the room is full', async () =>
        await visitor.page.isVisible('[data-testid=error]') && visitor.page.textContent('[data-testid=error]'));
      assert.match(message, /full/i);
      assert.notEqual(await visitor.connectionState(), 'connected');
      assert.equal(await visitor.page.isEnabled('[data-testid=join]'), true, 'the visitor can try again later');
      assert.equal((await getRoom(room.id)).occupancyCount, members.joined, 'nobody was added');
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.close();
    }
  });
});
