/**
 * A call's connection timeline, so that a failure can be told apart from another: the candidates gathered by type,
 * the TURN servers' errors, when ICE and DTLS got where, which path won, and whether media moves each way. Fed by
 * the peer connection's events and, on each {@link ConnectionReport#sample}, by its stats (no extra traffic).
 */

/** The path media takes, as people and operators name it. */
export const PATHS = Object.freeze(['UDP', 'TCP', 'TURN-UDP', 'TURN-TCP', 'TURN-TLS']);

export class ConnectionReport {
  #startedAt = performance.now();
  /** [{at (ms since the call began), step}] */
  steps = [];
  /** 'host/udp', 'relay/tcp', ... → count */
  gathered = {};
  /** The TURN servers' complaints (icecandidateerror): [{url, code, text}] */
  turnErrors = [];
  #iceServers;
  #connectedAt = null;
  #previous = { inbound: 0, outbound: 0, lost: 0 };

  /**
   * @param pc {RTCPeerConnection}
   * @param iceServers {RTCIceServer[]} what the call was given (for the TURN hosts in advice)
   */
  constructor(pc, iceServers = []) {
    this.#iceServers = iceServers;
    this.step('call started');
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (!candidate || !candidate.candidate) {
        this.step('gathering complete');
        return;
      }
      const key = `${candidate.type}/${candidate.protocol}`;
      if (!this.gathered[key]) {
        this.step(`gathered ${key}`);
      }
      this.gathered[key] = (this.gathered[key] ?? 0) + 1;
    });
    pc.addEventListener('icecandidateerror', (event) => {
      // 701 = unreachable; 4xx come from the TURN server itself (401: its credentials were refused).
      this.turnErrors.push({ url: event.url ?? '', code: event.errorCode ?? 0, text: event.errorText ?? '' });
      this.step(`TURN error ${event.errorCode} ${event.errorText ?? ''} (${event.url ?? ''})`);
    });
    pc.addEventListener('iceconnectionstatechange', () => this.step(`ICE ${pc.iceConnectionState}`));
    pc.addEventListener('connectionstatechange', () => {
      this.step(`connection ${pc.connectionState}`);
      if (pc.connectionState === 'connected') {
        this.#connectedAt ??= performance.now();
      }
    });
  }

  step(step) {
    this.steps.push({ at: Math.round(performance.now() - this.#startedAt), step });
  }

  /** How long the call has been trying, in ms. */
  get elapsedMs() {
    return performance.now() - this.#startedAt;
  }

  /** How long ago the call first connected (ICE and DTLS), in ms; null if it never did. */
  get connectedForMs() {
    return this.#connectedAt === null ? null : performance.now() - this.#connectedAt;
  }

  /** The TURN URLs the call was given. */
  get turnUrls() {
    return this.#iceServers.filter((server) => server.username).flatMap((server) => [].concat(server.urls));
  }

  /**
   * Reads the stats: the path media takes, its round trip and loss since the last sample, the server's candidates,
   * how many candidate pairs were tried and answered, and the packets each way. `stats` when just read, else read here.
   */
  async sample(pc, stats = null) {
    stats ??= await pc.getStats();
    let pair = null;
    stats.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) {
        pair = stats.get(report.selectedCandidatePairId) ?? null;
      }
    });
    let tried = 0;
    let answered = 0;
    const server = [];
    let inbound = 0;
    let outbound = 0;
    let lost = 0;
    let serverReports = 0;
    stats.forEach((report) => {
      if (report.type === 'candidate-pair') {
        pair ??= report.selected && report.state === 'succeeded' ? report : null; // Firefox has no transport report
        tried += 1;
        answered += (report.responsesReceived ?? 0) > 0 || report.state === 'succeeded' ? 1 : 0;
      } else if (report.type === 'remote-candidate') {
        server.push({ protocol: report.protocol, address: report.address ?? report.ip, port: report.port });
      } else if (report.type === 'inbound-rtp') {
        inbound += report.packetsReceived ?? 0;
        lost += Math.max(0, report.packetsLost ?? 0);
      } else if (report.type === 'outbound-rtp') {
        outbound += report.packetsSent ?? 0;
      } else if (report.type === 'remote-inbound-rtp') {
        serverReports += 1; // the server's receiver reports: it hears what we send
      }
    });
    const received = inbound - this.#previous.inbound;
    const lostNow = lost - this.#previous.lost;
    this.#previous = { inbound, outbound, lost };
    const local = pair && stats.get(pair.localCandidateId);
    return {
      path: local ? pathOf(local) : null,
      roundTripMs: pair?.currentRoundTripTime !== undefined ? Math.round(pair.currentRoundTripTime * 1000) : null,
      lossPercent: received + lostNow > 0 ? Math.round((1000 * lostNow) / (received + lostNow)) / 10 : 0,
      pairs: { tried, answered },
      server,
      inboundPackets: inbound,
      outboundPackets: outbound,
      serverReports,
      ice: pc.iceConnectionState,
      connection: pc.connectionState,
    };
  }
}

/** 'UDP', 'TCP' or 'TURN-' + how the browser reaches the TURN server. */
function pathOf(local) {
  if (local.candidateType === 'relay') {
    const protocol = local.relayProtocol ?? (String(local.url ?? '').startsWith('turns:') ? 'tls' : 'udp');
    return `TURN-${protocol.toUpperCase()}`;
  }
  return local.protocol === 'tcp' ? 'TCP' : 'UDP';
}
