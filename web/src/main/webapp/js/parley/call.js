/**
 * One RTCPeerConnection to the Parley server.
 *
 * The browser makes the first offer only: send-only sections for the microphone, the camera and the screen, each
 * with the current track or none (no device, muted, not sharing); the offer names the screen's section (screenMid).
 * Muting, unmuting, switching devices and sharing the screen later only replace the track (replaceTrack keeps the
 * SSRC, so the server sees the same producer and nothing is renegotiated). After the first offer the server offers
 * whenever others come or go, or when it restarts ICE, and this side answers. Remote tracks arrive in streams whose
 * id is the id of the participant they belong to, or that id + "~screen" for their screen.
 *
 * Events: "track" (detail: {participantId, source: "camera"|"screen", stream, track}), "connectionstatechange" and
 * "icestatechange" (detail: the state).
 *
 * A camera large enough is sent as simulcast layers, and a shared screen as two layers of full resolution (see
 * simulcast.js), fixed for the life of the connection.
 */
import { screenEncodings, simulcastEncodings } from './simulcast.js';

const SCREEN_SUFFIX = '~screen';

export class Call extends EventTarget {
  #pc;
  #send;
  #senders = new Map();
  #awaitingAnswer = false;
  #offerSent = false;
  /** Server offers that arrived while our first offer was still unanswered: answered once it is. */
  #deferredOffers = [];
  /** Server candidates that arrived before any remote description. */
  #pendingRemoteCandidates = [];
  /** Our candidates gathered before our offer went out: the server must see the offer first. */
  #pendingLocalCandidates = [];

  /**
   * @param send {(message: object) => void} puts a signalling message on the wire
   * @param iceServers {RTCIceServer[]} STUN and TURN servers (from the server's "joined")
   * @param iceTransportPolicy {'all'|'relay'} 'relay' uses TURN relays only
   */
  constructor(send, { iceServers = [], iceTransportPolicy = 'all' } = {}) {
    super();
    this.#send = send;
    this.#pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers,
      iceTransportPolicy });
    this.#pc.addEventListener('icecandidate', (event) => this.#onLocalCandidate(event.candidate));
    this.#pc.addEventListener('track', (event) => this.#onTrack(event));
    this.#pc.addEventListener('connectionstatechange', () => this.#emit('connectionstatechange', this.#pc.connectionState));
    this.#pc.addEventListener('iceconnectionstatechange', () => this.#emit('icestatechange', this.#pc.iceConnectionState));
  }

  get peerConnection() {
    return this.#pc;
  }

  get connectionState() {
    return this.#pc.connectionState;
  }

  get iceConnectionState() {
    return this.#pc.iceConnectionState;
  }

  /** True while ICE has a working path (or is still looking for its first one). */
  get isHealthy() {
    return !['disconnected', 'failed', 'closed'].includes(this.#pc.iceConnectionState);
  }

  /**
   * Adds send-only transceivers for the microphone, camera and screen (with `tracks.audio` / `.video` / `.screen`,
   * or empty) and sends the one offer this side ever makes on this connection.
   * @param tracks {{audio: MediaStreamTrack|null, video: MediaStreamTrack|null, screen: MediaStreamTrack|null}}
   * @param stream {MediaStream} announced as the tracks' stream (the server names it after the participant anyway)
   */
  async start(tracks, stream = new MediaStream()) {
    for (const kind of ['audio', 'video']) {
      const init = { direction: 'sendonly', streams: [stream] };
      const layers = kind === 'video' && tracks.video ? simulcastEncodings(tracks.video.getSettings().width ?? 0) : null;
      if (layers) {
        init.sendEncodings = layers;
      }
      const transceiver = this.#pc.addTransceiver(tracks[kind] ?? kind, init);
      this.#senders.set(kind, transceiver.sender);
    }
    const screen = this.#pc.addTransceiver(tracks.screen ?? 'video',
      { direction: 'sendonly', streams: [new MediaStream()], sendEncodings: screenEncodings() });
    this.#senders.set('screen', screen.sender);
    await this.#keepResolution(this.#senders.get('video'));
    await this.#keepResolution(screen.sender);
    const offer = await this.#pc.createOffer();
    await this.#pc.setLocalDescription(offer);
    this.#awaitingAnswer = true;
    this.#send({ type: 'offer', sdp: this.#pc.localDescription.sdp, screenMid: screen.mid });
    this.#offerSent = true;
    this.#pendingLocalCandidates.splice(0).forEach((candidate) => this.#sendCandidate(candidate));
  }

  /**
   * Puts new STUN and TURN servers (fresh TURN credentials) in place of the old ones. Gathering already done keeps its
   * candidates; the next ICE restart gathers with these.
   */
  setIceServers(iceServers) {
    if (this.#pc.signalingState === 'closed') {
      return;
    }
    // Everything else as it is; certificates left out, since naming them again may count as changing them.
    const { certificates, ...configuration } = this.#pc.getConfiguration();
    try {
      this.#pc.setConfiguration({ ...configuration, iceServers });
    } catch (error) {
      console.warn('parley: could not update the ICE servers', error.name, error.message);
    }
  }

  /** Sends `track` (or nothing, when null) in place of the current `kind` ("audio", "video", "screen") track, without renegotiating. */
  async replaceTrack(kind, track) {
    const sender = this.#senders.get(kind);
    if (sender && sender.track !== track && this.#pc.signalingState !== 'closed') {
      await sender.replaceTrack(track);
    }
  }

  /**
   * Encodes only the simulcast layers `rids` of section `mid` (the server says nobody watches the others); the
   * browser stops the rest and starts them again, with a key frame, when they are named once more.
   */
  async setActiveLayers(mid, rids) {
    const transceiver = this.#pc.getTransceivers().find((t) => t.mid === mid);
    const parameters = transceiver?.sender.getParameters();
    if (!parameters?.encodings?.some((e) => e.rid)) {
      return;
    }
    let changed = false;
    for (const encoding of parameters.encodings) {
      const active = rids.includes(encoding.rid);
      changed ||= encoding.active !== active;
      encoding.active = active;
    }
    if (changed) {
      await transceiver.sender.setParameters(parameters);
    }
  }

  /** Applies an offer, answer or candidate from the server. Callers must not overlap calls. */
  async handle(message) {
    switch (message.type) {
      case 'answer':
        return this.#acceptAnswer(message.sdp);
      case 'offer':
        return this.#answerOffer(message.sdp);
      case 'candidate':
        return this.#addRemoteCandidate(message);
      default:
        throw new Error(`A call cannot handle '${message.type}'.`);
    }
  }

  close() {
    this.#pc.close();
  }

  /**
   * Android hardware encoders distort frames whose sides are not multiples of 16, and the capture is sized for that:
   * ask the encoder to lower the frame rate rather than the resolution when it must save bits, so it never sends a
   * scaled-down copy such as 480x360.
   */
  async #keepResolution(sender) {
    try {
      const parameters = sender.getParameters();
      if ('degradationPreference' in parameters || parameters.encodings?.length) {
        parameters.degradationPreference = 'maintain-resolution';
        if (parameters.encodings?.length === 1) {
          delete parameters.encodings[0].scaleResolutionDownBy; // simulcast layers keep theirs
        }
        await sender.setParameters(parameters);
      }
    } catch (error) {
      console.warn('parley: could not ask the encoder to keep the resolution', error.name);
    }
  }

  async #acceptAnswer(sdp) {
    if (!this.#awaitingAnswer) {
      throw new Error('The server sent an answer, but no offer was waiting for one.');
    }
    await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    this.#awaitingAnswer = false;
    await this.#addPendingRemoteCandidates();
    for (const deferred of this.#deferredOffers.splice(0)) {
      await this.#answerOffer(deferred);
    }
  }

  async #answerOffer(sdp) {
    if (this.#awaitingAnswer) {
      this.#deferredOffers.push(sdp);
      return;
    }
    await this.#pc.setRemoteDescription({ type: 'offer', sdp });
    await this.#addPendingRemoteCandidates();
    const answer = await this.#pc.createAnswer();
    await this.#pc.setLocalDescription(answer);
    this.#send({ type: 'answer', sdp: this.#pc.localDescription.sdp });
  }

  async #addRemoteCandidate({ candidate, sdpMid, sdpMLineIndex }) {
    const init = { candidate: candidate ?? '', sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null };
    if (!this.#pc.remoteDescription) {
      this.#pendingRemoteCandidates.push(init);
      return;
    }
    await this.#addCandidate(init);
  }

  async #addPendingRemoteCandidates() {
    for (const init of this.#pendingRemoteCandidates.splice(0)) {
      await this.#addCandidate(init);
    }
  }

  async #addCandidate(init) {
    if (!init.candidate) {
      // End of candidates: mid and index may be absent, so say it without them.
      await this.#pc.addIceCandidate();
      return;
    }
    if (init.sdpMid === null && init.sdpMLineIndex === null) {
      init.sdpMLineIndex = 0; // BUNDLE: every m-line shares one transport
    }
    await this.#pc.addIceCandidate(init);
  }

  #onLocalCandidate(candidate) {
    // null means gathering finished: tell the server with an empty candidate, as the protocol says.
    const message = candidate
      ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex }
      : { candidate: '' };
    if (this.#offerSent) {
      this.#sendCandidate(message);
    } else {
      this.#pendingLocalCandidates.push(message);
    }
  }

  #sendCandidate(fields) {
    this.#send({ type: 'candidate', ...fields });
  }

  #onTrack(event) {
    const stream = event.streams[0];
    if (!stream) {
      console.warn('parley: ignoring a remote track that belongs to no stream', event.track.id);
      return;
    }
    const screen = stream.id.endsWith(SCREEN_SUFFIX);
    this.#emit('track', {
      participantId: screen ? stream.id.slice(0, -SCREEN_SUFFIX.length) : stream.id,
      source: screen ? 'screen' : 'camera',
      stream,
      track: event.track,
    });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
