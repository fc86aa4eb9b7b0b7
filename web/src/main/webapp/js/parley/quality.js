/**
 * How well each participant comes through, judged every few seconds from the stats the browser already keeps (no
 * extra traffic): for someone else, what arrives of their microphone and camera; for oneself, what the server says of
 * one's own uplink. Levels, worst first: "lost" (nothing arrives although it should), "poor", "fair", "good".
 *
 * The thresholds follow what people notice: a second of frozen video, under five frames a second or 8 % loss that
 * retransmission could not repair is poor; a lower layer than this participant sent before (the link cannot carry
 * more), under twelve frames a second, 2 % loss, a round trip over 250 ms or audio jitter over 40 ms is fair.
 */
export const LEVELS = Object.freeze(['good', 'fair', 'poor', 'lost']);

const POOR = { loss: 8, freezeSeconds: 1, fps: 5, rttMs: 500 };
const FAIR = { loss: 2, fps: 12, rttMs: 250, jitterMs: 40 };

export class ConnectionQuality {
  /** Stats object id → the report seen last time. */
  #previous = new Map();
  /** Participant id → the widest camera frame received from them so far. */
  #widest = new Map();

  /**
   * @param stats {RTCStatsReport} the call's stats, just read
   * @param owners {Map<string, {participantId: string, source: string}>} remote track id → whose, and which source
   * @param selfId this participant's id
   * @param expects {(participantId: string, kind: string) => boolean} whether media of that kind should be arriving
   * @returns {Map<string, {level, lossPercent, rttMs, jitterMs, fps, width, reasons: string[]}>}
   */
  sample(stats, owners, selfId, expects) {
    const byParticipant = new Map();
    const entry = (id) => {
      if (!byParticipant.has(id)) {
        byParticipant.set(id, { lost: 0, received: 0, audioReceived: 0, videoReceived: 0, freezeSeconds: 0,
          fps: null, width: 0, jitterMs: 0, outbound: false, remoteLoss: null, limited: false });
      }
      return byParticipant.get(id);
    };
    let rttMs = 0;
    stats.forEach((report) => {
      if (report.type === 'candidate-pair' && report.nominated && report.currentRoundTripTime !== undefined) {
        rttMs = report.currentRoundTripTime * 1000;
      }
    });
    stats.forEach((report) => {
      const before = this.#previous.get(report.id);
      if (report.type === 'inbound-rtp') {
        const owner = owners.get(report.trackIdentifier);
        if (owner && owner.source === 'camera' && before) {
          const e = entry(owner.participantId);
          const received = (report.packetsReceived ?? 0) - (before.packetsReceived ?? 0);
          e.received += received;
          e.lost += Math.max(0, (report.packetsLost ?? 0) - (before.packetsLost ?? 0));
          if (report.kind === 'audio') {
            e.audioReceived += received;
            e.jitterMs = Math.max(e.jitterMs, (report.jitter ?? 0) * 1000);
          } else {
            e.videoReceived += received;
            // A participant's camera has one stream; should a stale one linger beside it, the live one counts.
            const seconds = (report.timestamp - before.timestamp) / 1000;
            const fps = seconds > 0 ? ((report.framesDecoded ?? 0) - (before.framesDecoded ?? 0)) / seconds : null;
            e.fps = fps === null ? e.fps : Math.max(e.fps ?? 0, fps);
            e.freezeSeconds += (report.totalFreezesDuration ?? 0) - (before.totalFreezesDuration ?? 0);
            e.width = received > 0 ? Math.max(e.width, report.frameWidth ?? 0) : e.width;
          }
        }
      } else if (report.type === 'remote-inbound-rtp' && report.kind === 'video' && report.fractionLost !== undefined) {
        // Video only: the server's reports about one's microphone carry the listeners' loss too (for Opus FEC).
        const e = entry(selfId);
        e.outbound = true;
        e.remoteLoss = Math.max(e.remoteLoss ?? 0, report.fractionLost * 100);
      } else if (report.type === 'outbound-rtp' && report.kind === 'video' && report.qualityLimitationReason === 'bandwidth') {
        entry(selfId).limited = true;
      }
    });
    this.#previous = new Map();
    stats.forEach((report) => this.#previous.set(report.id, report));

    const result = new Map();
    for (const [participantId, e] of byParticipant) {
      result.set(participantId, participantId === selfId
        ? this.#judgeSelf(e, rttMs)
        : this.#judgeRemote(participantId, e, rttMs, expects));
    }
    return result;
  }

  #judgeRemote(participantId, e, rttMs, expects) {
    const reasons = [];
    const expectsAudio = expects(participantId, 'audio');
    const expectsVideo = expects(participantId, 'video');
    const lossPercent = e.received + e.lost > 0 ? (100 * e.lost) / (e.received + e.lost) : 0;
    if ((expectsAudio && e.audioReceived === 0) || (expectsVideo && e.videoReceived === 0)) {
      return verdict('lost', ['nothing arrives'], lossPercent, rttMs, e);
    }
    if (expectsVideo && e.width > 0) {
      this.#widest.set(participantId, Math.max(this.#widest.get(participantId) ?? 0, e.width));
    }
    let level = 'good';
    const worse = (to, reason) => {
      if (!to) {
        return;
      }
      reasons.push(reason);
      if (LEVELS.indexOf(to) > LEVELS.indexOf(level)) {
        level = to;
      }
    };
    worse(grade(lossPercent, POOR.loss, FAIR.loss), `${lossPercent.toFixed(0)} % loss`);
    worse(grade(rttMs, POOR.rttMs, FAIR.rttMs), `${rttMs.toFixed(0)} ms round trip`);
    worse(grade(e.jitterMs, Infinity, FAIR.jitterMs), `${e.jitterMs.toFixed(0)} ms jitter`);
    if (expectsVideo) {
      worse(e.freezeSeconds >= POOR.freezeSeconds ? 'poor' : null, 'video froze');
      if (e.fps !== null) {
        const slow = e.fps < FAIR.fps ? 'fair' : null;
        worse(e.fps < POOR.fps ? 'poor' : slow, `${e.fps.toFixed(0)} frames a second`);
      }
      const widest = this.#widest.get(participantId) ?? 0;
      worse(e.width > 0 && e.width * 2 <= widest ? 'fair' : null, 'lower resolution: the connection carries no more');
    }
    return verdict(level, reasons, lossPercent, rttMs, e);
  }

  #judgeSelf(e, rttMs) {
    const reasons = [];
    let level = 'good';
    const loss = e.remoteLoss ?? 0;
    if (loss >= POOR.loss || rttMs >= POOR.rttMs) {
      level = 'poor';
    } else if (loss >= FAIR.loss || rttMs >= FAIR.rttMs || e.limited) {
      level = 'fair';
    }
    if (loss >= FAIR.loss) reasons.push(`${loss.toFixed(0)} % of what you send is lost`);
    if (rttMs >= FAIR.rttMs) reasons.push(`${rttMs.toFixed(0)} ms round trip`);
    if (e.limited) reasons.push('your connection limits your video');
    return verdict(level, reasons, loss, rttMs, e);
  }
}

/** "poor" at or past `poorAt`, "fair" at or past `fairAt`, otherwise null (nothing to say). */
function grade(value, poorAt, fairAt) {
  if (value >= poorAt) {
    return 'poor';
  }
  return value >= fairAt ? 'fair' : null;
}

function verdict(level, reasons, lossPercent, rttMs, e) {
  return {
    level,
    reasons,
    lossPercent: Math.round(lossPercent * 10) / 10,
    rttMs: Math.round(rttMs),
    jitterMs: Math.round(e.jitterMs),
    fps: e.fps === null ? null : Math.round(e.fps),
    width: e.width,
  };
}
