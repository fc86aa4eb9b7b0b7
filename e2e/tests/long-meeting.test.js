import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const NEWCOMERS = Number(process.env.E2E_LONG_MEETING_NEWCOMERS ?? 40);
const SERVER_LOG = process.env.PARLEY_SERVER_LOG;

// A long meeting: one person stays while others come and go one after another, each with new SSRCs. Before issue 9
// the one who stayed stopped receiving anyone from the 33rd newcomer on (64 SRTP contexts, never released).
describe('a long meeting in real Chromium: one stays while 40 come and go', () => {
  let browser;
  let room;
  let stayer;
  let stayerId;

  before(async () => {
    browser = await launchWithFakeDevices();
    room = await createRoom('e2e long meeting');
    stayer = await Participant.join(browser, onServer(room.hostJoinUrl), 'Stayer');
    stayerId = await stayer.id();
  });

  after(async () => {
    if (stayer?.errors.length) {
      console.log(`the stayer's page errors:\n  ${stayer.errors.join('\n  ')}`);
    }
    await browser?.close();
  });

  test(`the one who stayed decodes the audio and video of each of ${NEWCOMERS} newcomers`, async (t) => {
    const decoded = [];
    for (let n = 1; n <= NEWCOMERS; n++) {
      const newcomer = await Participant.join(browser, onServer(room.joinUrl), `Newcomer ${n}`);
      const id = await newcomer.id();
      const started = Date.now();
      await waitFor(`the stayer to decode newcomer ${n}'s video and audio`, async () => {
        const media = await stayer.remoteMedia(id);
        return media && media.framesDecoded > 0 && media.videoWidth > 0
          && media.audioSamples - media.concealedSamples > 0;
      }, { timeout: 30 * SECOND, interval: 100 });
      decoded.push(Date.now() - started);
      await newcomer.leave();
      await waitFor(`the stayer to drop newcomer ${n}'s tile`, async () => !(await stayer.tileIds()).includes(id));
      await newcomer.close();
    }
    t.diagnostic(`newcomers decoded by the one who stayed: ${decoded.length} of ${NEWCOMERS}`);
    t.diagnostic(`newcomer join to decoded at the stayer, ms: median ${median(decoded)}, max ${Math.max(...decoded)}`);
    assert.equal(decoded.length, NEWCOMERS);
    await stayer.assertNoErrors();
  });

  test('the last newcomer keeps flowing, and the stayer\'s SRTP streams never grew with the crowd', async (t) => {
    const last = await Participant.join(browser, onServer(room.joinUrl), 'The last one');
    const lastId = await last.id();
    await stayer.receivesFlowingMediaFrom(lastId);
    await last.leave();
    await last.close();

    await stayer.leave();
    assert.ok(SERVER_LOG, 'PARLEY_SERVER_LOG names the server log: run the suite through e2e/run.sh');
    // One line per transport as it closes: "… of participant <id> … closed: at most <n> SRTP streams at once; …"
    const summary = await waitFor('the server to log the stayer\'s transport summary', async () => {
      const log = await readFile(SERVER_LOG, 'utf8');
      return log.split('\n').find((line) => line.includes(`of participant ${stayerId} `) && line.includes('closed: at most'));
    }, { timeout: 15 * SECOND, interval: 250 });
    const streams = Number(/at most (\d+) SRTP streams/.exec(summary)[1]);
    const dropped = Number(/dropped (\d+) packets of unnegotiated streams/.exec(summary)[1]);
    t.diagnostic(`the stayer's transport held at most ${streams} SRTP streams at once over ${NEWCOMERS + 1} newcomers `
      + `(${dropped} packets of unnegotiated streams dropped)`);
    // Own audio, video, screen and their RTX, the router's RTCP sender, one or two newcomers' five at a time (audio,
    // video, screen, RTX of both): never the crowd's.
    assert.ok(streams <= 16, `at most ${streams} streams at once`);
    // A packet already on its way when a newcomer's consumer closes may find no context: a few, never a stream's worth.
    assert.ok(dropped < 100, `${dropped} packets dropped for lack of an SRTP context`);
  });
});

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
