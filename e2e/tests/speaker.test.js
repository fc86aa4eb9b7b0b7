import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices } from '../lib/browser.js';
import { startMeeting } from '../lib/meeting.js';
import { writeToneWav } from '../lib/sound.js';
import { SECOND, waitFor } from '../lib/wait.js';

/**
 * Three people whose microphones hear a steady tone. The server tells everyone who speaks (from the audio levels in
 * the packets, not from the pages): the others see that person's tile large, and the floor moves when someone else
 * speaks and the first one stops.
 */
describe('the dominant speaker', () => {
  let folder;
  let browser;
  let people;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'parley-speaker-'));
    browser = await launchWithFakeDevices({ audioFile: writeToneWav(join(folder, 'tone.wav')) });
    ({ people } = await startMeeting(['Ada', 'Bo', 'Cy'], { browser }));
  });

  after(async () => {
    await browser?.close();
    if (folder) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  /** Whether everyone but `speaker` shows `speaker`'s tile as the dominant one, and the SDK says so too. */
  async function othersSee(speaker) {
    for (const { participant } of people.filter((p) => p !== speaker)) {
      const tile = await participant.tile(speaker.id);
      const sdk = await participant.page.evaluate(() => window.parley.client.dominantSpeaker);
      if (tile?.dominant !== 'true' || sdk !== speaker.id) {
        return false;
      }
    }
    return true;
  }

  async function toggleMic(person) {
    await person.participant.page.click('[data-testid=toggle-mic]');
  }

  test('whoever speaks is shown large to the others; the floor moves when someone else speaks', async (t) => {
    const [ada, bo, cy] = people;
    await toggleMic(bo);
    await toggleMic(cy);
    let since = Date.now();
    await waitFor('Bo and Cy to see Ada as the dominant speaker', () => othersSee(ada), { timeout: 30 * SECOND });
    t.diagnostic(`floor-to-ada-ms: ${Date.now() - since} after the others muted`);
    assert.equal(await ada.participant.page.$eval('#self-tile', (tile) => tile.dataset.dominant), 'true',
      'Ada sees herself marked, not enlarged');
    const layout = await bo.participant.page.evaluate((id) => {
      const tile = document.querySelector(`[data-testid=participant][data-participant-id="${id}"]`);
      return { tile: tile.getBoundingClientRect().width, grid: document.getElementById('tiles').getBoundingClientRect().width };
    }, ada.id);
    assert.ok(layout.tile > 0.9 * layout.grid, `Ada's tile spans Bo's grid: ${JSON.stringify(layout)}`);
    assert.equal((await bo.participant.tile(cy.id)).dominant, 'false');

    await toggleMic(ada);
    await toggleMic(bo);
    since = Date.now();
    await waitFor('Ada and Cy to see Bo as the dominant speaker', () => othersSee(bo), { timeout: 30 * SECOND });
    t.diagnostic(`floor-to-bo-ms: ${Date.now() - since} after Ada muted and Bo unmuted`);
    assert.equal((await cy.participant.tile(ada.id)).dominant, 'false', 'the floor left Ada');
  });
});
