import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMeeting } from '../lib/meeting.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * Sharing a screen from the page: the others see it in a tile of its own, large, at the resolution it was captured
 * (Chromium's fake screen: 1280x720), beside the sharer's camera; when the sharer stops, the tile goes.
 */
describe('screen sharing', () => {
  let browser;
  let ada;
  let bo;

  before(async () => {
    const meeting = await startMeeting(['Ada', 'Bo']);
    browser = meeting.browser;
    [ada, bo] = meeting.people;
  });

  after(async () => {
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
});
