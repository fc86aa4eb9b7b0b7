import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { launchFirefox } from '../lib/firefox.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * Firefox ESR (Debian's, driven over WebDriver BiDi) and Chromium in one room. Firefox's offer puts every section
 * after the first at port 0 with a=bundle-only and numbers its codecs its own way (Opus 109, VP8 120 against
 * Chromium's 111 and 96): the server must take both and renumber every packet for each subscriber.
 */
describe('Firefox and Chromium in one call', () => {
  let chromium;
  let firefox;

  before(async () => {
    [chromium, firefox] = await Promise.all([launchWithFakeDevices(), launchFirefox()]);
  });

  after(async () => {
    await firefox?.close();
    await chromium?.close();
  });

  /** `first` is in the room and decoding nothing yet; `late` joins; each must decode the other. */
  async function meet(t, firstBrowser, lateBrowser, what) {
    const room = await createRoom(`e2e ${what}`);
    const first = await Participant.join(firstBrowser, onServer(room.hostJoinUrl), `${firstBrowser.name ?? 'chromium'} first`);
    const firstId = await first.id();
    const late = await Participant.join(lateBrowser, onServer(room.joinUrl), `${lateBrowser.name ?? 'chromium'} late`);
    const lateId = await late.id();
    const [lateSees, firstSees] = await Promise.all([late.firstFrameFrom(firstId), first.firstFrameFrom(lateId)]);
    t.diagnostic(`first-remote-frame-ms (${what}): late joiner ${lateSees} from opening its page; `
      + `the one already there ${firstSees - (late.openedAt - first.openedAt)} from the late joiner's page opening`);
    await Promise.all([late.receivesFlowingMediaFrom(firstId), first.receivesFlowingMediaFrom(lateId)]);
    await first.assertNoErrors();
    await late.assertNoErrors();
    return { first, firstId, late, lateId };
  }

  test('Firefox joins a Chromium meeting: each decodes the other\'s audio and video', async (t) => {
    t.diagnostic(`firefox ${await firefox.version()}`);
    const { first, late } = await meet(t, chromium, firefox, 'chromium, then firefox');
    await Promise.all([first.close(), late.close()]);
  });

  test('Chromium joins a Firefox meeting; mute and unmute are seen both ways', async (t) => {
    const { first: fox, firstId: foxId, late: chrome, lateId: chromeId } = await meet(t, firefox, chromium,
      'firefox, then chromium');

    await fox.page.click('[data-testid=toggle-mic]');
    await waitFor('Chromium to see Firefox\'s microphone muted', async () => (await chrome.tile(foxId))?.mutedAudio === 'true');
    await fox.page.click('[data-testid=toggle-mic]');
    await waitFor('Chromium to see Firefox\'s microphone back', async () => (await chrome.tile(foxId))?.mutedAudio === 'false');
    const audioBefore = (await chrome.inboundBytes(foxId)).audio;
    await waitFor('Firefox\'s audio to reach Chromium again', async () => (await chrome.inboundBytes(foxId)).audio > audioBefore,
      { timeout: 10 * SECOND });

    await chrome.page.click('[data-testid=toggle-camera]');
    await waitFor('Firefox to see Chromium\'s camera off', async () => (await fox.tile(chromeId))?.mutedVideo === 'true');
    await chrome.page.click('[data-testid=toggle-camera]');
    await waitFor('Firefox to see Chromium\'s camera on', async () => (await fox.tile(chromeId))?.mutedVideo === 'false');
    const framesBefore = (await fox.remoteMedia(chromeId)).framesDecoded;
    await waitFor('Firefox to decode Chromium\'s video again', async () => (await fox.remoteMedia(chromeId)).framesDecoded > framesBefore,
      { timeout: 10 * SECOND });
    assert.equal(await fox.connectionState(), 'connected');
    await Promise.all([fox.close(), chrome.close()]);
  });
});
