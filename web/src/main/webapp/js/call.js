/**
 * One RTCPeerConnection to the Parley server.
 *
 * The browser makes the first offer only (its microphone and camera, send-only); after that the server offers
 * whenever others come or go, and this side answers. Remote tracks arrive in streams whose id is the id of the
 * participant they belong to.
 *
 * Events: "track" (detail: {participantId, stream, track}) and "connectionstatechange" (detail: the state).
 */
export class Call extends EventTarget {
  #pc;
  #send;
  #awaitingAnswer = false;
  #offerSent = false;
  /** Server offers that arrived while our first offer was still unanswered: answered once it is. */
  #deferredOffers = [];
  /** Server candidates that arrived before any remote description. */
  #pendingRemoteCandidates = [];
  /** Our candidates gathered before our offer went out: the server must see the offer first. */
  #pendingLocalCandidates = [];

  /** @param send {(message: object) => void} puts a signalling message on the wire */
  constructor(send, { iceServers = [] } = {}) {
    super();
    this.#send = send;
    this.#pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers });
    this.#pc.addEventListener('icecandidate', (event) => this.#onLocalCandidate(event.candidate));
    this.#pc.addEventListener('track', (event) => this.#onTrack(event));
    this.#pc.addEventListener('connectionstatechange', () => {
      this.dispatchEvent(new CustomEvent('connectionstatechange', { detail: this.#pc.connectionState }));
    });
  }

  get peerConnection() {
    return this.#pc;
  }

  get connectionState() {
    return this.#pc.connectionState;
  }

  /** Adds every local track as a send-only transceiver and sends the one offer this side ever makes. */
  async start(localStream) {
    const tracks = [...localStream.getAudioTracks(), ...localStream.getVideoTracks()];
    for (const track of tracks) {
      this.#pc.addTransceiver(track, { direction: 'sendonly', streams: [localStream] });
    }
    const offer = await this.#pc.createOffer();
    await this.#pc.setLocalDescription(offer);
    this.#awaitingAnswer = true;
    this.#send({ type: 'offer', sdp: this.#pc.localDescription.sdp });
    this.#offerSent = true;
    this.#pendingLocalCandidates.splice(0).forEach((candidate) => this.#sendCandidate(candidate));
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
    this.dispatchEvent(new CustomEvent('track', {
      detail: { participantId: stream.id, stream, track: event.track },
    }));
  }
}
