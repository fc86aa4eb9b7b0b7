import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { createRoom, getRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const LATE_JOIN_BUDGET_MS = Number(process.env.E2E_LATE_JOIN_BUDGET_MS ?? 10 * SECOND);

// One meeting, told in order: two people meet, a third comes late, one leaves.
describe('a meeting of three in real Chromium', () => {
  let browser;
  let room;
  let host;
  let guest;
  let late;
  const ids = {};

  before(async () => {
    browser = await launchWithFakeDevices();
    room = await createRoom('e2e meeting');
  });

  after(async () => {
    for (const participant of [host, guest, late]) {
      if (participant?.errors.length) {
        console.log(`${participant.name} page errors:\n  ${participant.errors.join('\n  ')}`);
      }
    }
    await browser?.close();
  });

  test('two participants see and hear each other', async (t) => {
    [host, guest] = await Promise.all([
      Participant.join(browser, onServer(room.hostJoinUrl), 'Hosta'),
      Participant.join(browser, onServer(room.joinUrl), 'Guesto'),
    ]);
    ids.host = await host.id();
    ids.guest = await guest.id();
    assert.notEqual(ids.host, ids.guest);

    const [hostFirstFrame, guestFirstFrame] = await Promise.all([
      host.firstFrameFrom(ids.guest),
      guest.firstFrameFrom(ids.host),
    ]);
    report(t, `first-remote-frame-ms: ${hostFirstFrame} (host, page open to first frame from guest)`);
    report(t, `first-remote-frame-ms: ${guestFirstFrame} (guest, page open to first frame from host)`);
    report(t, `phases-ms host: ${JSON.stringify(await host.marks())} guest: ${JSON.stringify(await guest.marks())}`);

    await Promise.all([host.receivesFlowingMediaFrom(ids.guest), guest.receivesFlowingMediaFrom(ids.host)]);
    assert.equal(await host.connectionState(), 'connected');
    assert.equal(await guest.connectionState(), 'connected');
    assert.deepEqual(await host.tileIds(), [ids.guest]);
    assert.deepEqual(await guest.tileIds(), [ids.host]);
    assert.equal(await host.page.textContent(`[data-participant-id="${ids.guest}"] .tile-name`), 'Guesto');
    assert.equal(await guest.page.isVisible(`[data-participant-id="${ids.host}"] .tile-badge`), true, 'the host is marked');
    assert.equal(await host.page.isVisible(`[data-participant-id="${ids.guest}"] .tile-badge`), false);
    await host.assertNoErrors();
    await guest.assertNoErrors();
  });

  test('a late joiner quickly sees and hears both others, and they see the late joiner', async (t) => {
    late = await Participant.join(browser, onServer(room.joinUrl), 'Latecomer');
    ids.late = await late.id();

    const firstFrames = await Promise.all([late.firstFrameFrom(ids.host), late.firstFrameFrom(ids.guest)]);
    const lateFirstFrame = Math.min(...firstFrames);
    report(t, `first-remote-frame-ms: ${lateFirstFrame} (late joiner, page open to first frame; both: ${firstFrames.join(', ')})`);
    report(t, `phases-ms late joiner: ${JSON.stringify(await late.marks())}`);
    assert.ok(Math.max(...firstFrames) <= LATE_JOIN_BUDGET_MS,
      `the late joiner decoded both others only after ${firstFrames.join(' / ')} ms (budget ${LATE_JOIN_BUDGET_MS} ms)`);

    await Promise.all([
      late.receivesFlowingMediaFrom(ids.host),
      late.receivesFlowingMediaFrom(ids.guest),
      host.receivesFlowingMediaFrom(ids.late),
      guest.receivesFlowingMediaFrom(ids.late),
    ]);
    assert.deepEqual(new Set(await late.tileIds()), new Set([ids.host, ids.guest]));
    assert.deepEqual(new Set(await host.tileIds()), new Set([ids.guest, ids.late]));
    assert.equal((await getRoom(room.id)).occupancyCount, 3);
    for (const participant of [host, guest, late]) {
      await participant.assertNoErrors();
    }
  });

  test('when one leaves, the others lose their tile and the room counts one fewer', async () => {
    await guest.leave();
    await waitFor('the leaver to see the farewell',
      async () => (await guest.page.textContent('#farewell'))?.includes('You left the meeting')
        && await guest.page.isVisible('#farewell'));
    assert.equal(await guest.page.locator('[data-testid=participant]').count(), 0);
    assert.equal(await guest.connectionState(), 'disconnected');

    await waitFor('the host to drop the leaver\'s tile', async () => !(await host.tileIds()).includes(ids.guest));
    await waitFor('the late joiner to drop the leaver\'s tile', async () => !(await late.tileIds()).includes(ids.guest));
    await waitFor('occupancyCount to drop to 2', async () => (await getRoom(room.id)).occupancyCount === 2);
    assert.equal(await redisField(`parley:room:${room.id}`, 'occupancyCount'), '2', 'Redis agrees with the API');

    // The two who stayed still see and hear each other after the server renegotiated.
    await Promise.all([host.receivesFlowingMediaFrom(ids.late), late.receivesFlowingMediaFrom(ids.host)]);
    await host.assertNoErrors();
    await late.assertNoErrors();
  });
});

/** Reads a hash field the way an operator would, with redis-cli (the suite's private Redis). */
async function redisField(key, field) {
  const { stdout } = await promisify(execFile)('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'HGET', key, field]);
  return stdout.trim();
}

/** Figures go to the test report (`ℹ first-remote-frame-ms: …` in the spec reporter). */
function report(t, line) {
  t.diagnostic(line);
}
