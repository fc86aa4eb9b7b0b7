import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { BASE_URL } from '../lib/server.js';
import { waitFor } from '../lib/wait.js';

describe('errors the meeting page explains', () => {
  let browser;

  before(async () => {
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await browser?.close();
  });

  test('joining a room that does not exist shows the server\'s error', async (t) => {
    const visitor = await Participant.join(browser, `${BASE_URL}/r/no-such-room-e2e?t=not-a-token`, 'Lost');
    try {
      const message = await waitFor('an error message', async () =>
        await visitor.page.isVisible('[data-testid=error]') && visitor.page.textContent('[data-testid=error]'));
      t.diagnostic(`error shown: ${message}`);
      assert.ok(message.trim().length > 0);
      assert.notEqual(await visitor.connectionState(), 'connected');
      assert.equal(await visitor.page.isEnabled('[data-testid=join]'), true, 'the visitor can try again');
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.close();
    }
  });
});
