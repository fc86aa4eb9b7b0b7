import { Call } from './call.js';
import { SignallingChannel } from './signalling.js';

/**
 * A participant's session in one room, with no DOM: signalling, the call, and who else is here.
 *
 * Signalling messages are processed strictly in arrival order through one promise chain, so an offer that arrives
 * while the previous description is still being applied waits its turn.
 *
 * Events (CustomEvent detail in brackets):
 *   "joined" ({participantId, isHost, participants}), "participantjoined" (participant),
 *   "participantleft" ({participantId}), "track" ({participantId, stream, track}),
 *   "statechange" (state), "error" ({code, message, fatal}), "left" ().
 * States: "idle", "connecting", "connected", "disconnected", "failed", "left".
 * Performance marks (for diagnostics): "parley:joined", "parley:connected" (first time only).
 */
export class Meeting extends EventTarget {
  #roomId;
  #token;
  #signallingUrl;
  #channel = null;
  #call = null;
  #localStream = null;
  #self = null;
  #participants = new Map();
  #queue = Promise.resolve();
  #state = 'idle';
  #ended = false;

  constructor({ roomId, token, signallingUrl = SignallingChannel.urlFor(location) }) {
    super();
    this.#roomId = roomId;
    this.#token = token;
    this.#signallingUrl = signallingUrl;
  }

  get state() {
    return this.#state;
  }

  /** This participant, once joined: {participantId, isHost}. */
  get self() {
    return this.#self;
  }

  /** The others present, by id. */
  get participants() {
    return new Map(this.#participants);
  }

  /** The peer connection, once the server accepted the join (a hook for tests and diagnostics). */
  get peerConnection() {
    return this.#call?.peerConnection ?? null;
  }

  /** Connects and asks to join; resolves once the join request is sent (the answer comes as "joined" or "error"). */
  async join(localStream, displayName) {
    if (this.#channel) {
      throw new Error('This meeting was already joined; make a new Meeting to join again.');
    }
    this.#localStream = localStream;
    this.#setState('connecting');
    this.#channel = new SignallingChannel(this.#signallingUrl);
    this.#channel.addEventListener('message', (event) => this.#enqueue(event.detail));
    // The close goes through the same chain, so an error the server sent just before closing is shown first.
    this.#channel.addEventListener('close', (event) => this.#enqueue({ type: 'socket closed', ...event.detail }));
    try {
      await this.#channel.open();
    } catch (error) {
      this.#end('failed');
      throw error;
    }
    this.#channel.send({ type: 'join', roomId: this.#roomId, token: this.#token, displayName });
  }

  /** Tells the server and closes everything. The local stream stays with its owner. */
  leave() {
    if (this.#ended) {
      return;
    }
    this.#channel?.send({ type: 'leave' });
    this.#end('left');
    this.dispatchEvent(new Event('left'));
  }

  #enqueue(message) {
    this.#queue = this.#queue
      .then(() => (this.#ended ? undefined : this.#process(message)))
      .catch((error) => this.#reportError('CLIENT_ERROR', `Could not handle '${message.type}': ${error.message}`, false));
  }

  async #process(message) {
    switch (message.type) {
      case 'joined':
        return this.#onJoined(message);
      case 'offer':
      case 'answer':
      case 'candidate':
        if (!this.#call) {
          throw new Error('the call has not started yet');
        }
        return this.#call.handle(message);
      case 'participantJoined':
        return this.#addParticipant(message.participant);
      case 'participantLeft':
        if (this.#participants.delete(message.participantId)) {
          this.dispatchEvent(new CustomEvent('participantleft', { detail: { participantId: message.participantId } }));
        }
        return undefined;
      case 'socket closed':
        return this.#onSocketClosed(message);
      case 'error':
        // Before "joined" nothing else can happen on this socket: the join was refused.
        return this.#reportError(message.code, message.message, this.#self === null);
      default:
        console.warn('parley: ignoring unknown signalling message', message.type);
        return undefined;
    }
  }

  async #onJoined({ participantId, isHost, participants = [] }) {
    performance.mark('parley:joined');
    this.#self = { participantId, isHost };
    for (const participant of participants) {
      this.#participants.set(participant.id, participant);
    }
    this.dispatchEvent(new CustomEvent('joined', { detail: { participantId, isHost, participants } }));
    this.#call = new Call((message) => this.#channel.send(message));
    this.#call.addEventListener('track', (event) => {
      if (!this.#ended) {
        this.dispatchEvent(new CustomEvent('track', { detail: event.detail }));
      }
    });
    this.#call.addEventListener('connectionstatechange', () => this.#updateState());
    await this.#call.start(this.#localStream);
  }

  #addParticipant(participant) {
    this.#participants.set(participant.id, participant);
    this.dispatchEvent(new CustomEvent('participantjoined', { detail: participant }));
  }

  #reportError(code, message, fatal) {
    this.dispatchEvent(new CustomEvent('error', { detail: { code, message, fatal } }));
    if (fatal) {
      this.#end('failed');
    }
  }

  #onSocketClosed({ expected }) {
    if (expected || this.#ended) {
      return;
    }
    const message = this.#self
      ? 'The connection to the meeting was lost. Join again to return.'
      : 'The meeting server closed the connection before you could join.';
    this.dispatchEvent(new CustomEvent('error', { detail: { code: 'CONNECTION_LOST', message, fatal: true } }));
    this.#end(this.#self ? 'disconnected' : 'failed');
  }

  #updateState() {
    if (this.#ended) {
      return;
    }
    switch (this.#call?.connectionState) {
      case 'connected':
        if (performance.getEntriesByName('parley:connected').length === 0) {
          performance.mark('parley:connected');
        }
        return this.#setState('connected');
      case 'disconnected':
        return this.#setState('disconnected');
      case 'failed':
        return this.#setState('failed');
      default:
        return this.#setState('connecting');
    }
  }

  #end(state) {
    this.#ended = true;
    this.#call?.close();
    this.#channel?.close();
    this.#participants.clear();
    this.#setState(state);
  }

  #setState(state) {
    if (state !== this.#state) {
      this.#state = state;
      this.dispatchEvent(new CustomEvent('statechange', { detail: state }));
    }
  }
}
