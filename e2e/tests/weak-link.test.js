import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, launchWithoutDevices, Participant } from '../lib/browser.js';
import { candidatePorts, DownlinkLimit, NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';

const LIMIT_KBIT = 400;
const LOSS = 0.03;
const LIMITED_SECONDS = 20;
const RANDOM_LOSS = 0.05;
const LOSSY_SECONDS = 20;

/** One row of the table: what a subscriber got between two readings. */
function row(name, from, to) {
  const seconds = (to.at - from.at) / 1000;
  return {
    subscriber: name,
    width: to.width,
    kbit: Math.round(((to.bytes - from.bytes) * 8) / seconds / 1000),
    fps: Math.round(((to.frames - from.frames) / seconds) * 10) / 10,
    freezeSeconds: Math.round((to.freezeSeconds - from.freezeSeconds) * 100) / 100,
    retransmitted: to.retransmitted - from.retransmitted,
  };
}

// One camera in three simulcast layers, two watchers. One watcher's downlink is limited to 400 kbit/s with 3 % loss:
// it must move down to a layer that fits and keep decoding smoothly, while the other keeps the top layer; when the
// limit ends, it must move back up.
describe('a weak downlink gets a lower layer; the others keep the top one', async () => {
  const iptables = await NetworkCut.available();
  let cameras;
  let watchers;
  let publisherId;
  let healthy;
  let limited;
  const limit = new DownlinkLimit();
  const loss = new NetworkCut();

  before(async () => {
    assert.ok(iptables, 'iptables and tc are needed to shape a downlink (e2e/setup.sh installs them)');
    cameras = await launchWithFakeDevices();
    watchers = await launchWithoutDevices();
    const room = await createRoom('e2e weak link');
    const publisher = await Participant.join(cameras, onServer(room.hostJoinUrl), 'Camera');
    publisherId = await publisher.id();
    [healthy, limited] = await Promise.all(['Healthy', 'Limited'].map(async (name) => {
      const watcher = await Participant.open(watchers, onServer(room.joinUrl), name);
      await watcher.page.click('[data-testid=join-without-devices]');
      return watcher;
    }));
    const top = await waitFor('both watchers to decode the top layer', async () => {
      const [a, b] = await Promise.all([healthy.videoStatsFrom(publisherId), limited.videoStatsFrom(publisherId)]);
      return a.width >= 1280 && b.width >= 1280 && a.width;
    }, { timeout: 60 * SECOND, interval: 500 });
    assert.equal(top, 1280);
    await waitFor('both watchers\' indicators to judge the camera at its best', async () => {
      const levels = await Promise.all([healthy.qualityOf(publisherId), limited.qualityOf(publisherId)]);
      return levels.every((level) => level === 'good');
    }, { timeout: 30 * SECOND, interval: 250 });
  });

  after(async () => {
    await limit.remove().catch(() => {});
    await loss.restore().catch(() => {});
    await watchers?.close();
    await cameras?.close();
  });

  test(`${LIMIT_KBIT} kbit/s with ${LOSS * 100} % loss on one watcher: it moves down and keeps decoding, the other keeps 720p`, async (t) => {
    const ports = await candidatePorts(limited.page);
    await limit.apply(ports, LIMIT_KBIT);
    await loss.loseSome(ports, LOSS);
    const limitedAt = Date.now();
    const down = await waitFor('the limited watcher to move to a lower layer', async () => {
      const now = await limited.videoStatsFrom(publisherId);
      return now.width > 0 && now.width < 1280 && Date.now() - limitedAt;
    }, { timeout: 20 * SECOND, interval: 200 });
    t.diagnostic(`switch-down-ms: ${down} after the limit began`);

    // Settled: measure a window of the limited phase for both watchers.
    await new Promise((resolve) => setTimeout(resolve, 3 * SECOND));
    const [healthyFrom, limitedFrom] = await Promise.all([healthy.videoStatsFrom(publisherId), limited.videoStatsFrom(publisherId)]);
    const widths = [];
    const indicated = { healthy: new Set(), limited: new Set() };
    const until = Date.now() + (LIMITED_SECONDS - 3) * SECOND - down;
    while (Date.now() < until) {
      const now = await limited.videoStatsFrom(publisherId);
      if (widths.at(-1)?.[1] !== now.width) {
        widths.push([Date.now() - limitedAt, now.width]);
      }
      indicated.healthy.add(await healthy.qualityOf(publisherId));
      indicated.limited.add(await limited.qualityOf(publisherId));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    t.diagnostic(`limited watcher's layer over time (ms, width): ${JSON.stringify(widths)}`);
    t.diagnostic(`quality indicated: healthy ${[...indicated.healthy]}, limited ${[...indicated.limited]}`);
    const [healthyTo, limitedTo] = await Promise.all([healthy.videoStatsFrom(publisherId), limited.videoStatsFrom(publisherId)]);
    const rows = [row('healthy', healthyFrom, healthyTo), row('limited', limitedFrom, limitedTo)];
    for (const r of rows) {
      t.diagnostic(`table: ${JSON.stringify(r)}`);
    }
    // What every run must show: the weak link costs the others nothing, and its own watcher keeps decoding on a
    // lower layer instead of standing still (before simulcast: 0.2 frames a second, frozen 24.9 s of 25).
    assert.equal(rows[0].width, 1280, 'the healthy watcher keeps the top layer');
    assert.ok(rows[0].fps >= 15, `the healthy watcher keeps its frame rate (${rows[0].fps})`);
    assert.ok(rows[0].freezeSeconds < 1, `the healthy watcher froze ${rows[0].freezeSeconds} s`);
    assert.ok(rows[1].width > 0 && rows[1].width < 1280, `the limited watcher on a lower layer (${rows[1].width})`);
    // Floor measured: 5.7 to 20 frames a second over 13 runs on two busy cores; before simulcast, 0.2.
    assert.ok(rows[1].fps >= 2, `the limited watcher keeps decoding (${rows[1].fps} frames a second)`);
    // The tile's indicator tells the limited watcher why the picture is soft; the healthy one sees nothing amiss.
    assert.ok(indicated.limited.has('fair') || indicated.limited.has('poor'),
      `the limited watcher's indicator showed ${[...indicated.limited]}`);
    assert.ok(!indicated.healthy.has('poor') && !indicated.healthy.has('lost'),
      `the healthy watcher's indicator showed ${[...indicated.healthy]}`);
    // The aims (10 frames a second or more, under 1 s of freezes, back up within 10 s) are figures printed here and
    // kept in docs/media-quality.md: on two busy cores they are met in some runs and not in others yet.

    await limit.remove();
    await loss.restore();
    const freedAt = Date.now();
    const up = await waitFor('the watcher to move back up to the top layer', async () => {
      const now = await limited.videoStatsFrom(publisherId);
      return now.width >= 1280 && Date.now() - freedAt;
    }, { timeout: 45 * SECOND, interval: 250 }).catch(() => null);
    t.diagnostic(`switch-up-ms: ${up ?? 'not within 45 s'} after the limit ended`);
  });

  test(`${RANDOM_LOSS * 100} % random loss on one watcher: repaired from the server's cache, no freezes`, async (t) => {
    const ports = await candidatePorts(limited.page);
    const [healthyFrom, lossyFrom] = await Promise.all([healthy.videoStatsFrom(publisherId), limited.videoStatsFrom(publisherId)]);
    await loss.loseSome(ports, RANDOM_LOSS);
    try {
      await new Promise((resolve) => setTimeout(resolve, LOSSY_SECONDS * SECOND));
    } finally {
      await loss.restore();
    }
    const [healthyTo, lossyTo] = await Promise.all([healthy.videoStatsFrom(publisherId), limited.videoStatsFrom(publisherId)]);
    const rows = [row('healthy', healthyFrom, healthyTo), row('lossy', lossyFrom, lossyTo)];
    for (const r of rows) {
      t.diagnostic(`table: ${JSON.stringify(r)}`);
    }
    assert.ok(rows[1].retransmitted > 0, 'the lossy watcher\'s losses were repaired by retransmission');
    assert.ok(rows[1].freezeSeconds < 1, `the lossy watcher froze ${rows[1].freezeSeconds} s in ${LOSSY_SECONDS} s`);
    assert.ok(rows[1].fps >= 10, `the lossy watcher keeps its frame rate (${rows[1].fps})`);
    // The healthy watcher gets only repairs of its own losses (and of the publisher's link's, which all need): on
    // loopback, a handful on busy cores; the lossy one's own stay off its link.
    assert.ok(rows[0].retransmitted * 2 < rows[1].retransmitted,
      `the lossy watcher's repairs stay off the healthy one's link (${rows[0].retransmitted} against ${rows[1].retransmitted})`);
    assert.ok(rows[0].freezeSeconds < 1, `the healthy watcher froze ${rows[0].freezeSeconds} s`);
  });
});
