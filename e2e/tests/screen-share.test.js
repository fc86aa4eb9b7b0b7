import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMeeting } from '../lib/meeting.js';
import { candidatePorts, DownlinkLimit } from '../lib/network.js';
import { SECOND, waitFor } from '../lib/wait.js';

const LIMIT_KBIT = 700;
const LIMITED_SECONDS = 15;

/**
 * Sharing a screen from the page: the others see it in a tile of its own, large, at the resolution it was captured
 * (Chromium's fake screen: 1280x720), beside the sharer's camera; when the sharer stops, the tile goes. On a link too
 * slow for everything, the screen keeps its resolution (fewer frames, text still sharp) and goes before the camera.
 */
describe('screen sharing', () => {
  let browser;
  let ada;
  let bo;
  const limit = new DownlinkLimit();

  before(async () => {
    const meeting = await startMeeting(['Ada', 'Bo']);
    browser = meeting.browser;
    [ada, bo] = meeting.people;
  });

  after(async () => {
    await limit.remove().catch(() => {});
    await browser?.close();
  });

  /** What `viewer` shows of `sharer`'s screen: null without a tile, else its frame size and frames decoded. */
  function screenSeenBy(viewer, sharer) {
    return viewer.participant.page.evaluate((id) => {
      const tile = document.querySelector(`[data-testid=screen][data-participant-id="${id}"]`);
      if (!tile) {
        return null;
      }
      const video = tile.querySelector('video');
      return {
        width: video.videoWidth,
        height: video.videoHeight,
        frames: video.getVideoPlaybackQuality().totalVideoFrames,
        wide: tile.getBoundingClientRect().width >= 0.9 * document.getElementById('tiles').getBoundingClientRect().width,
        caption: tile.textContent,
      };
    }, sharer.id);
  }

  test('the others see the screen, sharp and large, beside the camera; it goes when sharing stops', async (t) => {
    const clicked = Date.now();
    await ada.participant.page.click('[data-testid=toggle-screen]');
    const shown = await waitFor('Bo to decode frames of Ada\'s screen', async () => {
      const seen = await screenSeenBy(bo, ada);
      return seen && seen.frames > 0 && seen.width > 0 ? seen : null;
    }, { timeout: 30 * SECOND });
    t.diagnostic(`first-screen-frame-ms: ${Date.now() - clicked} after the click`);
    assert.equal(shown.width, 1280, `the screen keeps its resolution: ${JSON.stringify(shown)}`);
    assert.equal(shown.height, 720);
    assert.ok(shown.wide, 'the screen spans the grid');
    assert.match(shown.caption, /Ada's screen/);
    assert.equal(await ada.participant.page.getAttribute('[data-testid=toggle-screen]', 'aria-pressed'), 'true');
    const later = await waitFor('more screen frames', async () => {
      const seen = await screenSeenBy(bo, ada);
      return seen.frames > shown.frames + 10 ? seen : null;
    });
    assert.ok(later.frames > shown.frames);
    await bo.participant.receivesFlowingMediaFrom(ada.id); // the camera goes on beside it

    await ada.participant.page.click('[data-testid=toggle-screen]');
    await waitFor('the screen tile to go', async () => (await screenSeenBy(bo, ada)) === null, { timeout: 10 * SECOND });
    assert.equal(await ada.participant.page.getAttribute('[data-testid=toggle-screen]', 'aria-pressed'), 'false');
    await ada.participant.assertNoErrors();
  });

  test(`on ${LIMIT_KBIT} kbit/s the screen keeps its full size at a lower frame rate, the camera moves down`, async (t) => {
    const camera = () => bo.participant.videoStatsFrom(ada.id);
    const screen = () => bo.participant.videoStatsFrom(ada.id, 'screen');
    await ada.participant.page.click('[data-testid=toggle-screen]');
    await waitFor('Bo to decode Ada\'s screen and camera at full size', async () => {
      const [c, s] = await Promise.all([camera(), screen()]);
      return c.width === 1280 && s.width === 1280 && s.frames > 0;
    }, { timeout: 60 * SECOND, interval: 500 });

    await limit.apply(await candidatePorts(bo.participant.page), LIMIT_KBIT);
    await waitFor('the camera to move to a lower layer', async () => {
      const c = await camera();
      return c.width > 0 && c.width < 1280;
    }, { timeout: 20 * SECOND, interval: 250 });
    const screenSizes = new Set();
    const screenFrames = [];
    const [cameraFrom, screenFrom] = await Promise.all([camera(), screen()]);
    // Sampled while the limit lasts, to see every size the screen is shown at.
    const until = Date.now() + LIMITED_SECONDS * SECOND;
    await waitFor(`${LIMITED_SECONDS} s of the limit`, async () => {
      const s = await screen();
      screenSizes.add(`${s.width}x${s.height}`);
      screenFrames.push(s.frames - screenFrom.frames);
      return Date.now() >= until;
    }, { timeout: 2 * LIMITED_SECONDS * SECOND, interval: 500 });
    t.diagnostic(`screen frames decoded every half second: ${screenFrames.map((n, i) => n - (screenFrames[i - 1] ?? 0))}`);
    const [cameraTo, screenTo] = await Promise.all([camera(), screen()]);
    await limit.remove();
    const seconds = (screenTo.at - screenFrom.at) / 1000;
    const screenFps = (screenTo.frames - screenFrom.frames) / seconds;
    const cameraFps = (cameraTo.frames - cameraFrom.frames) / seconds;
    t.diagnostic(`limited: screen ${[...screenSizes].join(',')} at ${screenFps.toFixed(1)} fps, `
      + `${((screenTo.freezeSeconds - screenFrom.freezeSeconds)).toFixed(1)} s frozen; camera ${cameraTo.width} wide `
      + `at ${cameraFps.toFixed(1)} fps`);
    assert.deepEqual([...screenSizes], ['1280x720'], 'the screen is never shown smaller');
    assert.ok(screenFps >= 1.5, `the screen keeps moving: ${screenFps.toFixed(1)} fps`);
    assert.ok(cameraTo.width < 1280, `the camera gave way: ${cameraTo.width} wide`);
    assert.ok(cameraFps >= 10, `the camera keeps moving: ${cameraFps.toFixed(1)} fps`);

    const freed = Date.now();
    let seenAfterLimit = 'nothing yet';
    await waitFor('the camera and the screen\'s frame rate to come back', async () => {
      const [c, before] = await Promise.all([camera(), screen()]);
      const later = await waitFor('a second of screen frames', async () => {
        const s = await screen();
        return s.at - before.at >= 1000 ? s : null;
      });
      const fps = (later.frames - before.frames) / ((later.at - before.at) / 1000);
      seenAfterLimit = `camera ${c.width} wide, screen at ${fps.toFixed(1)} fps`;
      return c.width === 1280 && fps >= 10;
    }, { timeout: 60 * SECOND, interval: 500 }).catch(async (error) => {
      // What Ada's camera sends says whether her encoder or Bo's downlink held the camera back.
      const sent = (await ada.participant.sentLayers())
        .map((l) => `${l.rid}: ${l.active ? '' : 'inactive, '}${l.frameWidth} wide, limited by ${l.limitation || 'nothing'}`);
      throw new Error(`${error.message} (${seenAfterLimit}; Ada sends ${sent.join('; ')})`);
    });
    t.diagnostic(`back-up-ms: ${Date.now() - freed} after the limit ended`);
    await ada.participant.page.click('[data-testid=toggle-screen]');
    await ada.participant.assertNoErrors();
  });
});
