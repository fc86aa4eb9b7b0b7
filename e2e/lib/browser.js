import { chromium } from 'playwright-core';
import { SECOND, waitFor } from './wait.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for WebRTC between loopback peers with fake capture devices (see /work/shared/field-notes.md). */
const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
];

/**
 * A browser whose camera and microphone are Chromium's fake devices, granted without a prompt (three microphones;
 * `cameras` cameras, one unless asked). The microphones beep now and then, unless `audioFile` (a WAV) gives them
 * something to say, on a loop.
 */
export function launchWithFakeDevices({ cameras = 1, audioFile, acceptSelfSignedCertificates = false } = {}) {
  const fake = cameras > 1 ? `--use-fake-device-for-media-stream=device-count=${cameras}` : '--use-fake-device-for-media-stream';
  const audio = audioFile ? [`--use-file-for-fake-audio-capture=${audioFile}`] : [];
  // For a TURN server over TLS with the certificate run.sh makes (an operator's has a real one).
  const certificates = acceptSelfSignedCertificates ? ['--ignore-certificate-errors'] : [];
  return launch([...BASE_FLAGS, fake, ...audio, ...certificates, '--use-fake-ui-for-media-stream']);
}

/** A browser with no capture devices at all: getUserMedia fails with NotFoundError. */
export function launchWithoutDevices() {
  return launch([...BASE_FLAGS, '--use-fake-ui-for-media-stream']);
}

/**
 * A browser with fake devices but WITHOUT the flag that grants every request: permissions decide, as for a person
 * (the fake-UI flag would override a denial). Deny with {@link denyCapture}.
 *
 * A page without capture permission hides its local addresses behind mDNS names, and Chromium then gathers no
 * loopback candidate at all: in the suite's loopback-only namespace it could never connect, while on a real network
 * the server learns its address from its connectivity checks. So this browser shows its addresses, as it would after
 * a grant.
 */
export function launchWithPermissionPrompts() {
  return launch([...BASE_FLAGS, '--use-fake-device-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns']);
}

/** Denies camera and microphone to `origin` in `browser`, as a person who clicked "Block" would (CDP). */
export async function denyCapture(browser, origin) {
  const cdp = await browser.newBrowserCDPSession();
  try {
    for (const name of ['camera', 'microphone']) {
      await cdp.send('Browser.setPermission', { permission: { name }, setting: 'denied', origin });
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * Runs in every page before its own scripts: records every track getUserMedia hands out (so a test can count the
 * live ones independently of the page's bookkeeping), and lets a test make a device "busy": while
 * window.__parleyTest.busy lists a kind ("audio"/"video") with a device id (or "*" for any device), getUserMedia for
 * it fails as Chromium does when another application holds the device (or with `busy.message`, as another browser).
 */
export function trackRecorder(busy = {}) {
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  const test = { tracks: [], busy: busy ?? {}, maxLiveAudio: 0 };
  window.__parleyTest = test;
  const live = (kind) => test.tracks.filter((t) => t.kind === kind && t.readyState === 'live').length;
  test.live = live;
  setInterval(() => { test.maxLiveAudio = Math.max(test.maxLiveAudio, live('audio')); }, 5);
  navigator.mediaDevices.getUserMedia = async (constraints = {}) => {
    for (const kind of ['audio', 'video']) {
      const wanted = constraints[kind];
      const busy = test.busy[kind];
      if (wanted && busy) {
        const deviceId = wanted?.deviceId?.exact ?? wanted?.deviceId ?? 'default';
        if (busy === '*' || busy === deviceId) {
          // Chromium's words by default; `busy.message` for another browser's (Firefox: "Concurrent mic process limit.")
          throw new DOMException(test.busy.message
            ?? (kind === 'audio' ? 'Could not start audio source' : 'Could not start video source'), 'NotReadableError');
        }
      }
    }
    const stream = await gum(constraints);
    stream.getTracks().forEach((track) => test.tracks.push(track));
    test.maxLiveAudio = Math.max(test.maxLiveAudio, live('audio'));
    return stream;
  };
}

function launch(args) {
  // Playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** Reads, inside the page, what each remote participant's tile is actually playing. */
function readRemoteMedia() {
  const pc = window.parley?.pc;
  const receivers = pc ? pc.getReceivers() : [];
  return Promise.all([...document.querySelectorAll('[data-testid=participant]')].map(async (tile) => {
    const video = tile.querySelector('video');
    const entry = {
      id: tile.dataset.participantId,
      videoWidth: video?.videoWidth ?? 0,
      framesDecoded: 0,
      audioSamples: 0,
      concealedSamples: 0,
      audioBytes: 0,
      videoBytes: 0,
    };
    const stream = video?.srcObject;
    for (const track of stream ? stream.getTracks() : []) {
      const receiver = receivers.find((r) => r.track === track);
      if (!receiver) {
        continue;
      }
      (await receiver.getStats()).forEach((report) => {
        if (report.type !== 'inbound-rtp') {
          return;
        }
        if (report.kind === 'video') {
          entry.framesDecoded += report.framesDecoded ?? 0;
          entry.videoBytes += report.bytesReceived ?? 0;
        } else {
          entry.audioBytes += report.bytesReceived ?? 0;
          entry.audioSamples += report.totalSamplesReceived ?? 0;
          entry.concealedSamples += report.concealedSamples ?? 0;
        }
      });
    }
    return entry;
  }));
}

/** One person in a meeting: a browser context with one page. */
export class Participant {
  #context;
  page;
  name;
  openedAt;
  /** When Join was pressed (Participant.join). */
  joinedAt;
  errors = [];

  constructor(context, page, name) {
    this.#context = context;
    this.page = page;
    this.name = name;
    page.on('pageerror', (error) => this.errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error' || process.env.E2E_VERBOSE) {
        console.log(`[${name} console.${message.type()}] ${message.text()}`);
      }
    });
  }

  /**
   * Opens `url` and returns once the page is loaded (not yet joined). Before the page's own scripts, the
   * {@link trackRecorder} runs (with `busy` devices), then `beforeLoad` if given. `onPage(page)`, if given, runs
   * before the page is opened (e.g. to route its WebSocket).
   */
  static async open(browser, url, name, { busy = {}, beforeLoad, onPage } = {}) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(trackRecorder, busy);
    if (beforeLoad) {
      await page.addInitScript(typeof beforeLoad === 'string' ? { content: beforeLoad } : beforeLoad);
    }
    await onPage?.(page);
    const participant = new Participant(context, page, name);
    participant.openedAt = Date.now();
    await page.goto(url);
    return participant;
  }

  /** Opens `url`, types the name and presses Join. */
  static async join(browser, url, name, options) {
    const participant = await Participant.open(browser, url, name, options);
    await participant.page.fill('#display-name', name);
    await participant.page.click('[data-testid=join]');
    participant.joinedAt = Date.now();
    return participant;
  }

  /** This participant's id, as the server assigned it in "joined". */
  async id() {
    return waitFor(`${this.name} to be joined`,
      () => this.page.evaluate(() => window.parley.client?.self?.participantId));
  }

  connectionState() {
    return this.page.textContent('[data-testid=connection-state]');
  }

  tileIds() {
    return this.page.$$eval('[data-testid=participant]', (tiles) => tiles.map((t) => t.dataset.participantId));
  }

  /** The tile of `peerId` as this participant sees it: {mutedAudio, mutedVideo, present, speaking, dominant, name} or null. */
  tile(peerId) {
    return this.page.evaluate((id) => {
      const tile = document.querySelector(`[data-testid=participant][data-participant-id="${id}"]`);
      return tile && {
        mutedAudio: tile.dataset.mutedAudio,
        mutedVideo: tile.dataset.mutedVideo,
        present: tile.dataset.present,
        speaking: tile.dataset.speaking,
        dominant: tile.dataset.dominant,
        name: tile.querySelector('.tile-name')?.textContent,
        awayShown: !tile.querySelector('[data-testid=away]').hidden,
      };
    }, peerId);
  }

  /** The connection quality `peerId`'s tile shows (good, fair, poor, lost), or null before it is judged. */
  qualityOf(peerId) {
    return this.page.evaluate((id) => document.querySelector(
      `[data-testid=participant][data-participant-id="${id}"]`)?.dataset.quality ?? null, peerId);
  }

  /** Bytes received so far from `peerId`, by kind: {audio, video} (inbound-rtp of that tile's tracks). */
  async inboundBytes(peerId) {
    const media = await this.remoteMedia(peerId);
    return media && { audio: media.audioBytes, video: media.videoBytes };
  }

  /** How many tracks getUserMedia handed out are still live, by kind (see trackRecorder). */
  liveTracks() {
    return this.page.evaluate(() => ({
      audio: window.__parleyTest.live('audio'),
      video: window.__parleyTest.live('video'),
    }));
  }

  async remoteMedia(peerId) {
    const all = await this.page.evaluate(readRemoteMedia);
    return all.find((entry) => entry.id === peerId);
  }

  /** Waits until a frame from `peerId` has been decoded and shown; returns ms since this page was opened. */
  async firstFrameFrom(peerId, timeout = 45 * SECOND) {
    await waitFor(`${this.name} to decode a video frame from ${peerId}`, async () => {
      const media = await this.remoteMedia(peerId);
      return media && media.framesDecoded > 0 && media.videoWidth > 0;
    }, { timeout, interval: 50 });
    return Date.now() - this.openedAt;
  }

  /** Waits until video frames and real (not concealed) audio samples from `peerId` keep arriving. */
  async receivesFlowingMediaFrom(peerId, timeout = 30 * SECOND) {
    const before = await waitFor(`${this.name} to have a tile for ${peerId}`, () => this.remoteMedia(peerId));
    return waitFor(`${this.name} to keep decoding video and audio from ${peerId}`, async () => {
      const now = await this.remoteMedia(peerId);
      const realBefore = before.audioSamples - before.concealedSamples;
      const realNow = now.audioSamples - now.concealedSamples;
      return now.videoWidth > 0
        && now.framesDecoded >= before.framesDecoded + 10
        && realNow >= realBefore + 4800 // 100 ms of 48 kHz audio
        && now;
    }, { timeout, interval: 200 });
  }

  /** The page's "parley:*" performance marks, in ms since navigation started, e.g. {joined: 812}. */
  async marks() {
    const entries = await this.page.evaluate(() => performance.getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('parley:'))
      .map((mark) => [mark.name.slice('parley:'.length), Math.round(mark.startTime)]));
    return Object.fromEntries(entries);
  }

  /** Waits until the page shows the person an error, and returns its text. */
  errorMessage() {
    return waitFor(`${this.name} to see an error message`, async () =>
      await this.page.isVisible('[data-testid=error]') && this.page.textContent('[data-testid=error]'));
  }

  /** Fails if the page threw, or shows an error to the person. */
  async assertNoErrors() {
    if (this.errors.length) {
      throw new Error(`${this.name}'s page threw: ${this.errors.join('; ')}`);
    }
    if (await this.page.isVisible('[data-testid=error]')) {
      throw new Error(`${this.name}'s page shows an error: ${await this.page.textContent('[data-testid=error]')}`);
    }
  }

  /** The camera layers this page sends (one per simulcast rid), from its camera sender's stats. */
  sentLayers() {
    return this.page.evaluate(async () => {
      const layers = [];
      const camera = window.parley.pc.getSenders().find((s) => s.track && s.track === window.parley.media.track('video'));
      (camera ? await camera.getStats() : new Map()).forEach((report) => {
        if (report.type === 'outbound-rtp' && report.kind === 'video') {
          layers.push({ rid: report.rid ?? '', frameWidth: report.frameWidth ?? 0, frameHeight: report.frameHeight ?? 0,
            framesSent: report.framesSent ?? 0, bytesSent: report.bytesSent ?? 0,
            limitation: report.qualityLimitationReason ?? '', active: report.active ?? true });
        }
      });
      return layers.sort((a, b) => a.rid.localeCompare(b.rid));
    });
  }

  /** The connection diagnosis the page shows ({cause, severity, title, advice}), or null when it shows none. */
  diagnosis() {
    return this.page.evaluate(() => {
      const banner = document.querySelector('[data-testid=connection-diagnosis]');
      return banner.hidden ? null : { cause: banner.dataset.cause, severity: banner.dataset.severity,
        title: banner.querySelector('.diagnosis-title').textContent,
        advice: banner.querySelector('.diagnosis-advice').textContent };
    });
  }

  /** The client's connection report (timeline, latest stats sample, diagnosis), or null before a call. */
  connectionReport() {
    return this.page.evaluate(() => window.parley.client?.connectionReport ?? null);
  }

  /**
   * The candidate pair media flows on: the local candidate's protocol and type ('host', 'relay', ...), how it reaches
   * a TURN server when relayed, and the remote (server) candidate's protocol and port. Null before one is selected.
   */
  selectedPath() {
    return this.page.evaluate(async () => {
      const stats = await window.parley.pc.getStats();
      let pair;
      stats.forEach((report) => {
        if (report.type === 'transport' && report.selectedCandidatePairId) {
          pair = stats.get(report.selectedCandidatePairId);
        }
      });
      stats.forEach((report) => { // Firefox has no transport report
        if (!pair && report.type === 'candidate-pair' && report.selected && report.state === 'succeeded') {
          pair = report;
        }
      });
      const local = pair && stats.get(pair.localCandidateId);
      const remote = pair && stats.get(pair.remoteCandidateId);
      return local && remote ? { protocol: local.protocol, type: local.candidateType,
        relayProtocol: local.relayProtocol ?? null, remoteProtocol: remote.protocol, remotePort: remote.port } : null;
    });
  }

  /** What the browser's congestion controller thinks it may send (bits per second), from the selected pair. */
  availableOutgoingBitrate() {
    return this.page.evaluate(async () => {
      let bitrate = 0;
      (await window.parley.pc.getStats()).forEach((report) => {
        if (report.type === 'candidate-pair' && report.nominated && report.availableOutgoingBitrate) {
          bitrate = report.availableOutgoingBitrate;
        }
      });
      return bitrate;
    });
  }

  /**
   * What this page receives of `peerId`'s camera (or, with `source` "screen", its screen), from its inbound stats:
   * frame size, frames decoded, freezes, bytes, packets, NACKs and retransmissions, and when it was read (`at`,
   * page milliseconds).
   */
  videoStatsFrom(peerId, source = 'camera') {
    return this.page.evaluate(async ([id, testId]) => {
      const tile = document.querySelector(`[data-testid=${testId}][data-participant-id="${id}"]`);
      const track = tile?.querySelector('video')?.srcObject?.getVideoTracks()[0];
      const receiver = track && window.parley.pc.getReceivers().find((r) => r.track === track);
      const out = { width: 0, height: 0, frames: 0, freezeSeconds: 0, bytes: 0, packets: 0, nacks: 0,
        retransmitted: 0, at: performance.now() };
      (receiver ? await receiver.getStats() : new Map()).forEach((report) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video') {
          out.width = report.frameWidth ?? 0;
          out.height = report.frameHeight ?? 0;
          out.frames = report.framesDecoded ?? 0;
          out.freezeSeconds = report.totalFreezesDuration ?? 0;
          out.bytes = report.bytesReceived ?? 0;
          out.packets = report.packetsReceived ?? 0;
          out.nacks = report.nackCount ?? 0;
          out.retransmitted = report.retransmittedPacketsReceived ?? 0;
        }
      });
      return out;
    }, [peerId, source === 'screen' ? 'screen' : 'participant']);
  }

  /** The sent camera's size (outbound-rtp) and the local camera track's settings. */
  sentVideoSize() {
    return this.page.evaluate(async () => {
      const out = { frameWidth: 0, frameHeight: 0, trackWidth: 0, trackHeight: 0 };
      const track = window.parley.media.track('video');
      if (track) {
        ({ width: out.trackWidth, height: out.trackHeight } = track.getSettings());
      }
      const camera = track && window.parley.pc.getSenders().find((s) => s.track === track);
      (camera ? await camera.getStats() : new Map()).forEach((report) => {
        if (report.type === 'outbound-rtp' && report.kind === 'video' && report.frameWidth) {
          out.frameWidth = report.frameWidth;
          out.frameHeight = report.frameHeight;
        }
      });
      return out;
    });
  }

  async leave() {
    await this.page.click('[data-testid=leave]');
  }

  close() {
    return this.#context.close();
  }
}
