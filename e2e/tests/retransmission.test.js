import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchWithFakeDevices, launchWithoutDevices, Participant } from '../lib/browser.js';
import { candidatePorts, NetworkCut } from '../lib/network.js';
import { createRoom, onServer } from '../lib/server.js';
import { SECOND, waitFor } from '../lib/wait.js';
import { readFileSync } from 'node:fs';

/** UDP counters of this network namespace (InErrors, RcvbufErrors...). */
function udpCounters() {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
  return Object.fromEntries(names.map((n, i) => [n, Number(values[i])]));
}

const LOSS = 0.05;

/** The video inbound-rtp counters of what `participant` receives from `peerId`. */
async function videoCounters(participant, peerId) {
  const { nacks, retransmitted, packets, frames } = await participant.videoStatsFrom(peerId);
  return { nacks, retransmitted, packets, frames };
}

function minus(a, b) {
  return Object.fromEntries(Object.keys(a).map((key) => [key, a[key] - b[key]]));
}

// Two people watch one camera; the downlink of one of them loses 5 % of its packets. The publisher retransmits what
// that one asks for, and those repairs must reach the one who asked only (before issue 9 they went to everyone).
describe('retransmissions reach only the subscriber who lost the packets', async () => {
  const iptables = await NetworkCut.available();
  let cameras;
  let watchers;
  let publisherId;
  let healthy;
  let lossy;
  const cut = new NetworkCut();

  before(async () => {
    assert.ok(iptables, 'iptables is needed to make a lossy downlink (e2e/setup.sh installs it)');
    cameras = await launchWithFakeDevices();
    watchers = await launchWithoutDevices();
    const room = await createRoom('e2e retransmission');
    const publisher = await Participant.join(cameras, onServer(room.hostJoinUrl), 'Camera');
    publisherId = await publisher.id();
    [healthy, lossy] = await Promise.all(['Healthy', 'Lossy'].map(async (name) => {
      const watcher = await Participant.open(watchers, onServer(room.joinUrl), name);
      await watcher.page.click('[data-testid=join-without-devices]');
      return watcher;
    }));
    await Promise.all([healthy, lossy].map((watcher) => watcher.receivesFlowingMediaFrom(publisherId)));
  });

  after(async () => {
    await cut.restore().catch(() => {});
    await watchers?.close();
    await cameras?.close();
  });

  test('the lossy subscriber is repaired; the healthy one gets none of its repairs', async (t) => {
    const udpBefore = udpCounters();
    await cut.loseSome(await candidatePorts(lossy.page), LOSS);
    const [healthyBefore, lossyBefore] = await Promise.all([videoCounters(healthy, publisherId),
      videoCounters(lossy, publisherId)]);

    const lossyDelta = await waitFor('the lossy subscriber to receive 20 retransmissions', async () => {
      const delta = minus(await videoCounters(lossy, publisherId), lossyBefore);
      return delta.retransmitted >= 20 && delta;
    }, { timeout: 60 * SECOND, interval: 250 });
    const healthyDelta = minus(await videoCounters(healthy, publisherId), healthyBefore);

    t.diagnostic(`lossy subscriber (${LOSS * 100} % loss): ${JSON.stringify(lossyDelta)}`);
    t.diagnostic(`healthy subscriber: ${JSON.stringify(healthyDelta)}`);
    t.diagnostic(`udp: ${JSON.stringify(minus(udpCounters(), udpBefore))}`);
    assert.ok(lossyDelta.nacks > 0, 'the lossy subscriber NACKed');
    assert.ok(healthyDelta.frames > 0 && lossyDelta.frames > 0, 'both keep decoding');
    // The healthy subscriber gets repairs of what it asked for itself (a NACK asks for at most 17 packets) and of what
    // the publisher's own link lost (the server asks for those and sends them to everyone: on loopback, a handful when
    // the cores are busy), and Chromium counts the padding of a bandwidth probe on the retransmission stream too (six
    // packets at least); the lossy one's own repairs never reach it.
    const PROBE_PADDING = 6;
    const ownAndShared = 17 * healthyDelta.nacks + Math.floor(lossyDelta.retransmitted / 2) + PROBE_PADDING;
    assert.ok(healthyDelta.retransmitted <= ownAndShared,
      `the healthy subscriber received ${healthyDelta.retransmitted} retransmissions after ${healthyDelta.nacks} NACKs `
      + `(the lossy one ${lossyDelta.retransmitted})`);
  });
});
