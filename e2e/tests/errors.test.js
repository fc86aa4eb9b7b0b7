import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, Participant } from '../lib/browser.js';
import { BASE_URL, createRoom, getRoom, onServer } from '../lib/server.js';
import { socketTap } from '../lib/socket-tap.js';
import { SECOND, holdsFor, waitFor } from '../lib/wait.js';

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

describe('refusals the page explains, put into the real socket', () => {
  let browser;

  before(async () => {
    browser = await launchWithFakeDevices();
  });

  after(async () => {
    await browser?.close();
  });

  test('UNAVAILABLE: the page says it retries, and joins once the server answers', async () => {
    const room = await createRoom('e2e unavailable');
    let refusals = 2; // the first two joins meet a server whose Redis is away
    const tap = socketTap({
      intercept: (message) => (message.type === 'join' && refusals-- > 0
        ? { type: 'error', code: 'UNAVAILABLE', message: 'Parley is temporarily unavailable; try again in a moment.' }
        : null),
    });
    const visitor = await Participant.join(browser, onServer(room.joinUrl), 'Patient', { onPage: tap.onPage });
    try {
      await waitFor('the page to say it is retrying', async () =>
        await visitor.page.isVisible('[data-testid=error]')
        && (await visitor.page.textContent('[data-testid=error]')) === 'Parley is temporarily unavailable; retrying…');
      await waitFor('the join to succeed after the refusals', async () =>
        await visitor.connectionState() === 'connected' && !(await visitor.page.isVisible('[data-testid=error]')));
      assert.equal(tap.sent.filter((message) => message.type === 'join').length, 3, 'two refused joins, then one');
      assert.equal((await getRoom(room.id)).occupancyCount, 1);
      await visitor.assertNoErrors();
    } finally {
      await visitor.close();
    }
  });

  test('TOKEN_EXPIRED: the page says to ask for a new link, and does not retry', async () => {
    const room = await createRoom('e2e expired');
    const tap = socketTap({
      intercept: (message) => (message.type === 'join'
        ? { type: 'error', code: 'TOKEN_EXPIRED', message: 'The invitation expired.' }
        : null),
    });
    const visitor = await Participant.join(browser, onServer(room.joinUrl), 'Late', { onPage: tap.onPage });
    try {
      await waitFor('the page to explain the expired link', async () =>
        await visitor.page.isVisible('[data-testid=error]')
        && (await visitor.page.textContent('[data-testid=error]')) === 'This link has expired; ask the host for a new one.');
      await holdsFor('the page not to try again by itself', async () =>
        tap.sent.filter((message) => message.type === 'join').length === 1
        && await visitor.connectionState() !== 'connected', { duration: 3 * SECOND });
      assert.equal(await visitor.page.isEnabled('[data-testid=join]'), true);
      assert.deepEqual(visitor.errors, []);
    } finally {
      await visitor.close();
    }
  });
});
