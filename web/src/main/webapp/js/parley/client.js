import { Call } from './call.js';
import { ConnectionReport } from './connection-report.js';
import { KINDS } from './devices.js';
import { diagnose } from './diagnosis.js';
import { ConnectionQuality } from './quality.js';
import { Backoff, ResumeStore } from './reconnect.js';
import { SignallingChannel } from './signalling.js';

/** How long to wait for things, in ms. Tuned so that a connection comes back within 10 s of the network. */
export const DEFAULT_TIMING = Object.freeze({
  connectTimeout: 3000, // a socket that is not open by then is given up and tried again
  joinTimeout: 5000, // a join that is not answered by then is tried again on a new socket
  iceGrace: 2000, // ICE "disconnected" often heals by itself; after this long, restart it
  restartAnswerTimeout: 5000, // no offer after restartIce: the socket is presumably dead, reconnect it
  restartInterval: 6000, // while media stays down, ask for another ICE restart this often
  giveUpAfter: 10 * 60 * 1000, // stop reconnecting after this long and say so
  tick: 500,
  // How often the call's stats are read (one getStats() call, which costs the browser): each participant's connection
  // quality is judged and the connection checked for a problem to tell the person about.
  statsInterval: 2000,
  reportInterval: 10000, // how often the connection report goes to the server (and at once when its diagnosis changes)
});

/** Refusals of a join that no retry can fix (UNAUTHORIZED on a resume first falls back to a fresh join). */
const FATAL_CODES = new Set(['ROOM_NOT_FOUND', 'ROOM_ENDED', 'ROOM_FULL', 'UNAUTHORIZED', 'TOKEN_EXPIRED', 'FORBIDDEN',
  'INVALID_REQUEST', 'HOST_ALREADY_PRESENT']);

/** What people read for some refusals; the others use the server's own message. */
const MESSAGES = Object.freeze({
  TOKEN_EXPIRED: 'This link has expired; ask the host for a new one.',
  UNAVAILABLE: 'Parley is temporarily unavailable; retrying…',
});

/** Errors that mean "this peer connection is useless: start the media over with a new one and a new offer". */
const START_OVER_CODES = new Set(['MEDIA_NODE_LOST', 'ICE_RESTART_FAILED']);

/** Refusals of a host action (muteParticipant, removeParticipant, endMeeting): shown, never a reason to restart. */
const HOST_ACTION_CODES = new Set(['FORBIDDEN', 'PARTICIPANT_NOT_FOUND']);

/** How the server ends a membership for good: a final message, then a close code; never reconnect after either. */
const ENDINGS = Object.freeze({
  meetingEnded: { state: 'ended', closeCode: 4002, message: 'The host ended the meeting.' },
  removed: { state: 'removed', closeCode: 4003, message: 'You were removed from the meeting by the host.' },
  replaced: { state: 'disconnected', closeCode: 4001, message: 'This meeting is open in another window now.' },
});

/**
 * A participant's session in one room, with no DOM: signalling, the peer connection, mute state, and coming back
 * after a lost connection. Local devices are a {@link LocalMedia} the caller owns; this client sends its tracks and
 * tells the others when one is off.
 *
 * Signalling messages are processed strictly in arrival order through one promise chain.
 *
 * Events (CustomEvent detail in brackets):
 *   "statechange" (state): "idle", "connecting", "connected", "reconnecting", "disconnected", "failed", "left",
 *   "ended" (the host ended the meeting), "removed" (the host removed this participant);
 *   "joined" ({participantId, isHost, participants, resumed}) after every (re)join;
 *   "participantjoined" / "participantupdated" (participant: {id, displayName, isHost, isPresent, audioMuted,
 *   videoMuted, sharingScreen}); "participantleft" ({participantId});
 *   "track" ({participantId, source: "camera"|"screen", stream, track}); "mutedbyhost" ({kind});
 *   "dominantspeaker" ({participantId}) when someone else (or this participant) speaks most now;
 *   "audience" ({count}) when the number of people in a large room's audience (present, not listed) changes;
 *   "screenshare" ({sharing, track}) when this participant starts or stops sharing their screen;
 *   "quality" ({participantId, level, reasons, lossPercent, rttMs, jitterMs, fps, width}) when someone's connection
 *   quality (see quality.js; this participant's own too) changes level;
 *   "error" ({code, message, fatal}) after joining (a refused join rejects join() instead); "left" ();
 *   "ended" ({reason: "meetingEnded"|"removed"|"replaced", message}) when the server ended this membership for good
 *   (the client is closed and never reconnects; stopping the devices is up to the caller);
 *   "retrying" ({code, message}) when a join is refused for now (UNAVAILABLE) and tried again after a pause;
 *   "mediarestart" ({code, message}) when the server said the peer connection is useless and a new one starts;
 *   "diagnosis" ({cause, severity, title, advice} or null) when what is wrong with the media connection changes (see
 *   diagnosis.js; null: nothing any more).
 */
export class ParleyClient extends EventTarget {
  #roomId;
  #token;
  #url;
  #media;
  #resumeStore;
  #timing;
  #iceTransportPolicy;
  /** STUN and TURN servers from the last "joined", with TURN credentials issued then. */
  #iceServers = [];
  #displayName = '';
  #channel = null;
  #call = null;
  #self = null;
  #resumeToken = null;
  #participants = new Map();
  #dominantSpeaker = null;
  #audience = 0;
  /** The screen being shared, or null. */
  #screen = null;
  #quality = new ConnectionQuality();
  /** Participant id → the last quality judged; remote track id → whose it is. */
  #qualities = new Map();
  #trackOwners = new Map();
  #statsTimer = null;
  /** The current call's connection timeline, its latest sample and diagnosis, and when the server last heard it. */
  #report = null;
  #lastSample = null;
  #diagnosis = null;
  #reportSentAt = 0;
  #queue = Promise.resolve();
  #state = 'idle';
  #ended = false;
  #everConnected = false;
  #reconnecting = false;
  #backoff = new Backoff();
  #joinWaiter = null;
  #sentMuted = { audio: false, video: false };
  /** MEDIA_NODE_LOST came before "joined": the peer connection must start over even on a resume. */
  #mediaLost = false;
  #iceTroubleSince = null;
  #restart = null;
  #lastRestartAt = 0;
  #watchdog = null;
  #counts = { joins: 0, resumes: 0, calls: 0, iceRestartsRequested: 0, iceRestartsOffered: 0, reconnects: 0 };
  #onOnline = () => this.#backoff.wake();
  #onLocalTrack = (event) => this.#sendTrack(event.detail.kind, event.detail.track);

  /**
   * @param roomId the room, from the join URL
   * @param token the invitation token, from the join URL
   * @param media {LocalMedia} this person's microphone and camera
   * @param iceTransportPolicy 'all' (default) or 'relay': only through the TURN servers Parley hands out
   */
  constructor({ roomId, token, media, signallingUrl = SignallingChannel.urlFor(location),
    resumeStore = new ResumeStore(), timing = {}, iceTransportPolicy = 'all' }) {
    super();
    if (!['all', 'relay'].includes(iceTransportPolicy)) {
      throw new Error(`iceTransportPolicy must be 'all' or 'relay', not '${iceTransportPolicy}'.`);
    }
    this.#iceTransportPolicy = iceTransportPolicy;
    this.#roomId = roomId;
    this.#token = token;
    this.#media = media;
    this.#url = signallingUrl;
    this.#resumeStore = resumeStore;
    this.#timing = { ...DEFAULT_TIMING, ...timing };
  }

  get state() {
    return this.#state;
  }

  /** This participant, once joined: {participantId, isHost}. */
  get self() {
    return this.#self;
  }

  /** The others, by id (including those away). */
  get participants() {
    return new Map(this.#participants);
  }

  /** The current peer connection (a hook for diagnostics and tests). */
  /**
   * How many people are in the room's audience: in a large room, those who came once its stage was full; they see
   * and hear the stage, and are counted rather than listed in `participants`.
   */
  get audience() {
    return this.#audience;
  }

  /** Who speaks most in the room now (a participant id, possibly this participant's own), or null. */
  get dominantSpeaker() {
    return this.#dominantSpeaker;
  }

  get peerConnection() {
    return this.#call?.peerConnection ?? null;
  }

  get media() {
    return this.#media;
  }

  /**
   * What recovery took place so far (for diagnostics and tests): {joins, resumes, calls (peer connections started),
   * iceRestartsRequested, iceRestartsOffered (answered by the server with an offer), reconnects (socket losses)}.
   */
  get diagnostics() {
    return { ...this.#counts };
  }

  /**
   * Connects and joins; resolves once the server accepted (with the "joined" detail), rejects with an Error whose
   * `code` is the server's error code (or "CONNECTION_FAILED") if the join was refused or the server is unreachable.
   */
  async join(displayName) {
    if (this.#channel || this.#ended) {
      throw new Error('This client already joined; make a new ParleyClient to join again.');
    }
    this.#displayName = displayName;
    this.#resumeToken = this.#resumeStore.get(this.#roomId);
    this.#media.addEventListener('trackchange', this.#onLocalTrack);
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#setState('connecting');
    let joined;
    const giveUpAt = Date.now() + this.#timing.giveUpAfter;
    for (;;) {
      try {
        joined = await this.#connect();
        break;
      } catch (error) {
        if (error.code === 'UNAVAILABLE' && !this.#ended && Date.now() < giveUpAt) {
          // Redis is away: nothing changed on the server, so the same join can simply be tried again.
          this.#emit('retrying', { code: error.code, message: error.message });
          this.#abandonChannel();
          await this.#backoff.wait();
          continue;
        }
        if (!this.#ended) {
          this.#end('failed');
        }
        throw error.code ? error : withCode(error.message, 'CONNECTION_FAILED');
      }
    }
    this.#backoff.reset();
    this.#watchdog = setInterval(() => this.#check(), this.#timing.tick);
    this.#statsTimer = setInterval(() => this.#readStats(), this.#timing.statsInterval);
    return joined;
  }

  /** Tells the server (the others see this participant gone at once) and closes everything but the devices. */
  leave() {
    if (this.#ended) {
      return;
    }
    this.#channel?.send({ type: 'leave' });
    this.#setResumeToken(null);
    this.#end('left');
    this.dispatchEvent(new Event('left'));
  }

  /** Each participant's last judged connection quality (this participant's own under their id): {level, reasons, …}. */
  get connectionQuality() {
    return new Map(this.#qualities);
  }

  /** The screen this participant shares now (a video track), or null. */
  get screenTrack() {
    return this.#screen;
  }

  /**
   * Asks the browser for a screen, window or tab and shares it with the room. Resolves when it is sent; rejects with
   * the browser's error (NotAllowedError when the person cancelled the picker) or code SCREEN_SHARE_UNSUPPORTED.
   */
  async shareScreen() {
    if (this.#screen || this.#ended) {
      return;
    }
    if (!navigator.mediaDevices?.getDisplayMedia) {
      throw withCode('This browser cannot share a screen.', 'SCREEN_SHARE_UNSUPPORTED');
    }
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { max: 15 } }, audio: false });
    const [track] = stream.getVideoTracks();
    track.contentHint = 'detail'; // text and lines: the encoder keeps them sharp and drops frames instead
    track.addEventListener('ended', () => this.stopSharingScreen()); // the browser's own "Stop sharing"
    this.#screen = track;
    await this.#call?.replaceTrack('screen', track);
    this.#channel?.send({ type: 'shareScreen', sharing: true });
    this.#emit('screenshare', { sharing: true, track });
  }

  /** Stops sharing the screen (the others' screen tile goes away). */
  async stopSharingScreen() {
    const track = this.#screen;
    if (!track) {
      return;
    }
    this.#screen = null;
    track.stop();
    this.#channel?.send({ type: 'shareScreen', sharing: false });
    this.#emit('screenshare', { sharing: false, track: null });
    await this.#call?.replaceTrack('screen', null);
  }

  /** Host only: mutes another participant's microphone (only they can unmute it). */
  muteParticipant(participantId, kind = 'audio') {
    return this.#channel?.send({ type: 'muteParticipant', participantId, kind }) ?? false;
  }

  /** Host only: removes another participant (they may join again with the link, as someone new). */
  removeParticipant(participantId) {
    return this.#channel?.send({ type: 'removeParticipant', participantId }) ?? false;
  }

  /** Host only: ends the meeting for everyone; this client then ends too ("ended" event, state "ended"). */
  endMeeting() {
    return this.#channel?.send({ type: 'endMeeting' }) ?? false;
  }

  // ---- connecting and joining

  /** Opens a socket and joins on it, as the same participant when a resume token is known. */
  async #connect() {
    const channel = new SignallingChannel(this.#url);
    this.#channel = channel;
    channel.addEventListener('message', (event) => this.#enqueue(channel, event.detail));
    // The close goes through the same chain, so an error the server sent just before closing is handled first.
    channel.addEventListener('close', (event) => this.#enqueue(channel, { type: 'socket closed', ...event.detail }));
    await channel.open({ timeout: this.#timing.connectTimeout });
    try {
      return await this.#sendJoin(channel, this.#resumeToken);
    } catch (error) {
      if (this.#resumeToken && error.code === 'UNAUTHORIZED') {
        // The grace period is over (or the token is stale): come back as a new participant.
        this.#setResumeToken(null);
        return this.#sendJoin(channel, null);
      }
      throw error;
    }
  }

  #sendJoin(channel, resumeToken) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(reject, retryable('The meeting server did not answer the join.')),
        this.#timing.joinTimeout);
      const settle = (how, value) => {
        clearTimeout(timer);
        if (this.#joinWaiter === waiter) {
          this.#joinWaiter = null;
        }
        how(value);
      };
      const waiter = { resolve: (value) => settle(resolve, value), reject: (error) => settle(reject, error) };
      this.#joinWaiter = waiter;
      const join = { type: 'join', roomId: this.#roomId, token: this.#token, displayName: this.#displayName };
      if (!channel.send(resumeToken ? { ...join, resumeToken } : join)) {
        waiter.reject(retryable('The connection closed before the join was sent.'));
      }
    });
  }

  /** Comes back after the socket was lost: a new socket, a join with the resume token, with backoff. */
  async #reconnect(reason) {
    if (this.#reconnecting || this.#ended || !this.#self) {
      return;
    }
    console.info('parley: reconnecting:', reason);
    this.#counts.reconnects += 1;
    this.#reconnecting = true;
    this.#restart = null;
    this.#abandonChannel();
    this.#updateState();
    const giveUpAt = Date.now() + this.#timing.giveUpAfter;
    try {
      while (!this.#ended) {
        try {
          await this.#connect();
          this.#backoff.reset();
          return;
        } catch (error) {
          if (this.#ended) {
            return; // e.g. the meeting ended while this attempt was under way
          }
          if (error.code && FATAL_CODES.has(error.code)) {
            this.#emitError(error.code, error.message, true);
            this.#end('failed');
            return;
          }
          if (error.code === 'UNAVAILABLE') {
            this.#emit('retrying', { code: error.code, message: error.message });
          }
          if (Date.now() >= giveUpAt) {
            this.#emitError('CONNECTION_LOST', 'The connection to the meeting was lost. Join again to return.', true);
            this.#end('disconnected');
            return;
          }
          this.#abandonChannel();
          await this.#backoff.wait();
        }
      }
    } finally {
      this.#reconnecting = false;
      this.#updateState();
    }
  }

  /** Stops listening to the current socket and closes it without waiting (a dead network may never confirm). */
  #abandonChannel() {
    const channel = this.#channel;
    this.#channel = null;
    channel?.close();
  }

  // ---- messages

  #enqueue(channel, message) {
    this.#queue = this.#queue
      .then(() => (this.#ended || channel !== this.#channel ? undefined : this.#process(message)))
      .catch((error) => this.#emitError('CLIENT_ERROR', `Could not handle '${message.type}': ${error.message}`, false));
  }

  async #process(message) {
    switch (message.type) {
      case 'joined':
        await this.#onJoined(message);
        this.#joinWaiter?.resolve(message);
        return undefined;
      case 'offer':
        if (this.#restart) {
          this.#counts.iceRestartsOffered += 1;
        }
        this.#restart = null; // the answer to a restartIce, or a renegotiation: either way the socket works
        return this.#call?.handle(message);
      case 'answer':
      case 'candidate':
        return this.#call?.handle(message);
      case 'participantJoined':
      case 'participantUpdated':
        return this.#upsertParticipant(message.participant);
      case 'participantLeft':
        return this.#removeParticipant(message.participantId);
      case 'activeLayers':
        return this.#call?.setActiveLayers(message.mid, message.rids);
      case 'audience':
        return this.#setAudience(message.count);
      case 'dominantSpeaker':
        this.#dominantSpeaker = message.participantId;
        this.#emit('dominantspeaker', { participantId: message.participantId });
        return undefined;
      case 'mutedByHost':
        this.#emit('mutedbyhost', { kind: message.kind });
        return this.#media.setMuted(message.kind, true, { byHost: true });
      case 'meetingEnded':
      case 'removed':
        return this.#endedByServer(message.type);
      case 'error':
        return this.#onError(message);
      case 'socket closed':
        return this.#onSocketClosed(message);
      default:
        console.warn('parley: ignoring unknown signalling message', message.type);
        return undefined;
    }
  }

  #setAudience(count) {
    if (Number.isInteger(count) && count >= 0 && count !== this.#audience) {
      this.#audience = count;
      this.#emit('audience', { count });
    }
  }

  async #onJoined({ participantId, isHost, participants = [], resumeToken, resumed, audience = 0, iceServers = [] }) {
    performance.mark('parley:joined');
    this.#setAudience(audience);
    this.#iceServers = iceServers;
    if (this.#iceTransportPolicy === 'relay' && !iceServers.some((server) => server.username)) {
      console.warn('parley: iceTransportPolicy is "relay" but the server offers no TURN server: media cannot connect');
    }
    const sameSession = Boolean(resumed) && this.#self?.participantId === participantId && this.#call !== null;
    const keepCall = sameSession && !this.#mediaLost;
    this.#mediaLost = false;
    if (resumeToken) {
      this.#setResumeToken(resumeToken);
    }
    this.#self = { participantId, isHost };
    this.#counts.joins += 1;
    this.#counts.resumes += sameSession ? 1 : 0;
    this.#emit('joined', { participantId, isHost, participants, resumed: sameSession });
    const present = new Set(participants.map((participant) => participant.id));
    [...this.#participants.keys()].filter((id) => !present.has(id)).forEach((id) => this.#removeParticipant(id));
    participants.forEach((participant) => this.#upsertParticipant(participant));

    if (keepCall) {
      this.#call.setIceServers(iceServers); // fresh TURN credentials, for the ICE restarts to come
      this.#sentMuted = { audio: null, video: null }; // say it again: the server may have missed a change
      this.#restart = null; // one sent on the old socket will not be answered
      if (!this.#call.isHealthy) {
        // The watchdog asks for an ICE restart at its next tick, once this rejoin is complete.
        this.#iceTroubleSince = Math.min(this.#iceTroubleSince ?? Date.now(), Date.now() - this.#timing.iceGrace);
        this.#lastRestartAt = 0;
      }
    } else {
      // A new participant (first join, or the server no longer knew us), or a new page resuming: new media.
      this.#sentMuted = { audio: false, video: false };
      await this.#startCall();
    }
    KINDS.forEach((kind) => this.#sendMuteState(kind));
    this.#updateState();
  }

  #onError({ code, message }) {
    if (START_OVER_CODES.has(code)) {
      return this.#startOver(code, message);
    }
    if (this.#joinWaiter) {
      this.#joinWaiter.reject(withCode(MESSAGES[code] ?? message, code, !FATAL_CODES.has(code)));
      return undefined;
    }
    if (this.#restart && !HOST_ACTION_CODES.has(code)) {
      // The server cannot restart ICE: start this participant's media over with a new peer connection instead.
      return this.#startOver(code, message);
    }
    this.#emitError(code, MESSAGES[code] ?? message, false);
    return undefined;
  }

  /** The current peer connection is useless (its media server died, or ICE cannot restart): a new one, a new offer. */
  #startOver(code, message) {
    console.info('parley: starting media over:', code, message);
    this.#restart = null;
    if (this.#joinWaiter || !this.#self) {
      this.#mediaLost = true; // "joined" is still to come (a resume): it starts the new call
      return undefined;
    }
    this.#iceTroubleSince = null;
    this.#emit('mediarestart', { code, message });
    const started = this.#startCall();
    this.#updateState(); // the new connection is not up yet: "reconnecting"
    return started;
  }

  /** The server ended this membership for good (meetingEnded, removed, or taken over by another socket). */
  #endedByServer(reason) {
    if (this.#ended) {
      return;
    }
    const ending = ENDINGS[reason];
    console.info('parley: the server ended this membership:', reason);
    this.#setResumeToken(null);
    this.#end(ending.state);
    this.#emit('ended', { reason, message: ending.message });
  }

  #onSocketClosed({ expected, code }) {
    if (expected || this.#ended) {
      return;
    }
    const ending = Object.entries(ENDINGS).find(([, { closeCode }]) => closeCode === code);
    if (ending) {
      this.#endedByServer(ending[0]); // the closing message was lost, or never sent: the code says it all
      return;
    }
    if (this.#joinWaiter) {
      this.#joinWaiter.reject(retryable('The meeting server closed the connection before the join was answered.'));
      return;
    }
    void this.#reconnect('the socket closed'); // not awaited: the reconnection needs this queue to run
  }

  #upsertParticipant(participant) {
    const known = this.#participants.has(participant.id);
    this.#participants.set(participant.id, { ...this.#participants.get(participant.id), ...participant });
    this.#emit(known ? 'participantupdated' : 'participantjoined', this.#participants.get(participant.id));
  }

  #removeParticipant(participantId) {
    this.#qualities.delete(participantId);
    if (this.#participants.delete(participantId)) {
      this.#emit('participantleft', { participantId });
    }
  }

  // ---- media

  async #startCall() {
    this.#call?.close();
    const call = new Call((message) => this.#channel?.send(message),
      { iceServers: this.#iceServers, iceTransportPolicy: this.#iceTransportPolicy });
    this.#call = call;
    this.#report = new ConnectionReport(call.peerConnection, this.#iceServers);
    this.#lastSample = null;
    this.#counts.calls += 1;
    this.#restart = null;
    this.#trackOwners.clear();
    call.addEventListener('track', (event) => {
      if (this.#call === call && !this.#ended) {
        const { participantId, source, track } = event.detail;
        this.#trackOwners.set(track.id, { participantId, source });
        this.#emit('track', event.detail);
      }
    });
    const onState = () => {
      if (this.#call === call) {
        this.#onIceState();
      }
    };
    call.addEventListener('icestatechange', onState);
    call.addEventListener('connectionstatechange', onState);
    await call.start({ audio: this.#media.track('audio'), video: this.#media.track('video'), screen: this.#screen },
      this.#media.stream);
  }

  async #sendTrack(kind, track) {
    try {
      await this.#call?.replaceTrack(kind, track);
    } catch (error) {
      console.warn('parley: could not replace the', kind, 'track', error);
    }
    this.#sendMuteState(kind);
  }

  /** Tells the server when a kind goes off or on (it stops forwarding and tells the others). */
  #sendMuteState(kind) {
    const muted = this.#media.isOff(kind);
    if (!this.#self || this.#sentMuted[kind] === muted) {
      return;
    }
    if (this.#channel?.send({ type: 'mute', kind, muted })) {
      this.#sentMuted[kind] = muted;
    }
  }

  /** Reads the call's stats once for both the connection diagnosis and (once connected) everyone's quality. */
  async #readStats() {
    const call = this.#call;
    if (!call || !this.#self || this.#ended) {
      return;
    }
    let stats;
    try {
      stats = await call.peerConnection.getStats();
    } catch (error) {
      return; // closed meanwhile
    }
    if (call !== this.#call || this.#ended) {
      return;
    }
    await this.#diagnoseConnection(call, stats);
    if (call.peerConnection.connectionState === 'connected') {
      this.#judgeQuality(stats);
    }
  }

  /** Judges everyone's connection quality from the call's stats; tells who changed level. */
  #judgeQuality(stats) {
    const expects = (participantId, kind) => {
      const participant = this.#participants.get(participantId);
      return Boolean(participant) && participant.isPresent !== false
        && !(kind === 'audio' ? participant.audioMuted : participant.videoMuted);
    };
    const judged = this.#quality.sample(stats, this.#trackOwners, this.#self.participantId, expects);
    for (const [participantId, quality] of judged) {
      const previous = this.#qualities.get(participantId);
      this.#qualities.set(participantId, quality);
      if (previous?.level !== quality.level && !this.#ended) {
        this.#emit('quality', { participantId, ...quality });
      }
    }
  }

  /**
   * This call's connection as far as it is known: the timeline (steps with their time, candidates gathered by type,
   * TURN errors), the latest stats sample (path, round trip, loss, pairs tried and answered) and the diagnosis.
   */
  get connectionReport() {
    const report = this.#report;
    return report && { steps: [...report.steps], gathered: { ...report.gathered }, turnErrors: [...report.turnErrors],
      connectedForMs: report.connectedForMs, ...this.#lastSample, diagnosis: this.#diagnosis };
  }

  /** Samples the connection; tells the page when what is wrong with it changes, and the server now and then. */
  async #diagnoseConnection(call, stats) {
    const report = this.#report;
    const sample = await report.sample(call.peerConnection, stats);
    this.#lastSample = sample;
    const diagnosis = diagnose(report, sample, { expectsIncoming: this.#expectsIncoming() });
    const changed = diagnosis?.cause !== this.#diagnosis?.cause;
    if (changed) {
      this.#diagnosis = diagnosis;
      report.step(`diagnosis: ${diagnosis?.cause ?? 'none'}`);
      this.#emit('diagnosis', diagnosis);
    }
    if (changed || Date.now() - this.#reportSentAt >= this.#timing.reportInterval) {
      this.#sendConnectionReport(sample, diagnosis);
    }
  }

  /** The server keeps each participant's latest report for the host and operators (REST). */
  #sendConnectionReport(sample, diagnosis) {
    const sent = this.#channel?.send({ type: 'connectionReport', path: sample.path ?? 'NONE',
      roundTripMs: sample.roundTripMs ?? -1, lossPercent: sample.lossPercent, diagnosis: diagnosis?.cause ?? null });
    if (sent) {
      this.#reportSentAt = Date.now();
    }
  }

  /** Whether someone else present has a microphone or camera on: their media should be arriving. */
  #expectsIncoming() {
    for (const participant of this.#participants.values()) {
      if (participant.isPresent !== false && (!participant.audioMuted || !participant.videoMuted)) {
        return true;
      }
    }
    return false;
  }

  // ---- health: ICE restarts and the watchdog

  #onIceState() {
    const ice = this.#call.iceConnectionState;
    if (ice === 'connected' || ice === 'completed') {
      this.#iceTroubleSince = null;
      this.#restart = null;
    } else if ((ice === 'disconnected' || ice === 'failed') && this.#iceTroubleSince === null) {
      this.#iceTroubleSince = Date.now();
    }
    if (ice === 'failed') {
      this.#requestIceRestart();
    }
    this.#updateState();
  }

  #requestIceRestart() {
    if (!this.#channel?.isOpen || this.#restart || !this.#call || this.#reconnecting) {
      return;
    }
    this.#iceTroubleSince ??= Date.now();
    this.#restart = { sentAt: Date.now() };
    this.#lastRestartAt = Date.now();
    this.#counts.iceRestartsRequested += 1;
    this.#channel.send({ type: 'restartIce' });
  }

  /** Runs every tick: notices a dead socket, and media that stays down. */
  #check() {
    if (this.#ended || this.#reconnecting) {
      return;
    }
    const now = Date.now();
    if (!this.#channel?.isOpen) {
      void this.#reconnect('the socket is not open');
    } else if (this.#restart && now - this.#restart.sentAt > this.#timing.restartAnswerTimeout) {
      // No answer to restartIce: a socket that looks open but carries nothing (e.g. the network changed).
      void this.#reconnect('restartIce was not answered');
    } else if (this.#iceTroubleSince !== null && !this.#restart
      && now - this.#iceTroubleSince >= this.#timing.iceGrace
      && now - this.#lastRestartAt >= this.#timing.restartInterval) {
      this.#requestIceRestart();
    }
    this.#updateState();
  }

  // ---- state

  #updateState() {
    if (this.#ended) {
      return;
    }
    if (!this.#self) {
      this.#setState('connecting');
      return;
    }
    const ice = this.#call?.iceConnectionState;
    const socketUp = !this.#reconnecting && this.#channel?.isOpen;
    if (socketUp && (ice === 'connected' || ice === 'completed')) {
      this.#everConnected = true;
      if (performance.getEntriesByName('parley:connected').length === 0) {
        performance.mark('parley:connected');
      }
      this.#setState('connected');
    } else {
      this.#setState(this.#everConnected ? 'reconnecting' : 'connecting');
    }
  }

  #setResumeToken(token) {
    this.#resumeToken = token;
    this.#resumeStore.set(this.#roomId, token);
  }

  #end(state) {
    this.#ended = true;
    clearInterval(this.#watchdog);
    clearInterval(this.#statsTimer);
    globalThis.removeEventListener?.('online', this.#onOnline);
    this.#media.removeEventListener('trackchange', this.#onLocalTrack);
    this.#joinWaiter?.reject(withCode('The meeting ended.', 'ENDED'));
    this.#screen?.stop();
    this.#screen = null;
    this.#call?.close();
    this.#channel?.close();
    this.#participants.clear();
    this.#setState(state);
  }

  #setState(state) {
    if (state !== this.#state) {
      this.#state = state;
      this.#emit('statechange', state);
    }
  }

  #emitError(code, message, fatal) {
    this.#emit('error', { code, message, fatal });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Joins `roomId` with `media`; resolves with the joined client. */
export async function joinRoom({ roomId, token, displayName, media, ...options }) {
  const client = new ParleyClient({ roomId, token, media, ...options });
  await client.join(displayName);
  return client;
}

function withCode(message, code, isRetryable = false) {
  return Object.assign(new Error(message), { code, retryable: isRetryable });
}

function retryable(message) {
  return withCode(message, 'CONNECTION_FAILED', true);
}
