import { DEFAULT_VIDEO_SIZE, DeviceError, KINDS, openTrack, openTracks } from './devices.js';

/**
 * This person's microphone and camera: which device, whether it is on, and the one live track of each kind.
 *
 * Every change (start, switch, mute, unmute, retry) runs through one queue, and a change always stops the old track
 * before it opens the new one: the page never holds two live microphones, which busy devices and Firefox's
 * concurrent microphone limit punish. Muting stops the track (the camera light goes off, nothing can be heard or
 * seen); unmuting opens the same device again. A burst of switches collapses into the last one.
 *
 * Events (CustomEvent detail in brackets):
 *   "trackchange" ({kind, track}) a new track, or null when there is none (muted, or the device failed);
 *   "deviceerror" ({kind, error: DeviceError}) a device could not be opened;
 *   "change" () anything that a control showing this state would show changed.
 */
export class LocalMedia extends EventTarget {
  #videoSize;
  #tracks = { audio: null, video: null };
  #deviceIds = { audio: null, video: null };
  #muted = { audio: false, video: false };
  #errors = { audio: null, video: null };
  #mutedByHost = false;
  #queue = Promise.resolve();
  #switches = { audio: 0, video: 0 };
  #stream = new MediaStream();

  /** @param deviceIds preferred devices (e.g. remembered from last time); unknown ones fall back to the default */
  constructor({ deviceIds = {}, videoSize = DEFAULT_VIDEO_SIZE } = {}) {
    super();
    this.#videoSize = videoSize;
    this.#deviceIds = { audio: deviceIds.audio ?? null, video: deviceIds.video ?? null };
  }

  /** A stream holding the current tracks, for a preview element. */
  get stream() {
    return this.#stream;
  }

  /** The live track of `kind`, or null. */
  track(kind) {
    return this.#tracks[kind];
  }

  /** True while `kind` sends nothing: muted, or its device failed. */
  isOff(kind) {
    return this.#tracks[kind] === null;
  }

  /** True if the person (or, for audio, the host) turned `kind` off. */
  isMuted(kind) {
    return this.#muted[kind];
  }

  get mutedByHost() {
    return this.#mutedByHost;
  }

  /** The last failure of `kind`, cleared once it works again. */
  error(kind) {
    return this.#errors[kind];
  }

  /** The chosen device of `kind`: the id given, or the device of the live track. */
  deviceId(kind) {
    return this.#deviceIds[kind] ?? this.#tracks[kind]?.getSettings().deviceId ?? null;
  }

  /** Opens the microphone and camera (those not muted). Resolves with the errors, by kind. */
  start() {
    return this.#run(async () => {
      const wanted = {};
      for (const kind of KINDS) {
        this.#stop(kind);
        if (!this.#muted[kind]) {
          wanted[kind] = { deviceId: this.#deviceIds[kind] };
        }
      }
      const { tracks, errors } = await openTracks(wanted, this.#videoSize);
      for (const kind of KINDS) {
        if (wanted[kind]) {
          this.#settle(kind, tracks[kind], errors[kind], wanted[kind].deviceId);
        }
      }
      return { ...this.#errors };
    });
  }

  /** Tries the failed devices again (e.g. after the person closed the application that held one). */
  retry() {
    const failed = KINDS.filter((kind) => this.#errors[kind]);
    if (failed.length === 2) {
      return this.start();
    }
    return Promise.all(failed.map((kind) => this.setMuted(kind, false))).then(() => ({ ...this.#errors }));
  }

  /** Uses another device of `kind`: stops the current track, then opens the new device (unless muted). */
  setDevice(kind, deviceId) {
    this.#deviceIds[kind] = deviceId || null;
    const ticket = ++this.#switches[kind];
    return this.#run(async () => {
      if (ticket !== this.#switches[kind]) {
        return; // a later switch supersedes this one
      }
      if (this.#muted[kind] && !this.#errors[kind]) {
        this.#changed();
        return; // used on unmute
      }
      this.#muted[kind] = false;
      await this.#open(kind);
    });
  }

  /** Turns `kind` off (stops the track: the light goes off) or on again (opens the same device). */
  setMuted(kind, muted, { byHost = false } = {}) {
    return this.#run(async () => {
      if (kind === 'audio') {
        this.#mutedByHost = muted && byHost;
      }
      this.#muted[kind] = muted;
      if (muted) {
        this.#errors[kind] = null;
        this.#stop(kind);
        this.#emitTrack(kind);
        this.#changed();
      } else if (!this.#tracks[kind]) {
        await this.#open(kind);
      }
    });
  }

  /** Stops everything, e.g. to join without camera and microphone. */
  stopAll({ mute = true } = {}) {
    return this.#run(async () => {
      for (const kind of KINDS) {
        this.#muted[kind] = mute || this.#muted[kind];
        this.#errors[kind] = null;
        this.#stop(kind);
        this.#emitTrack(kind);
      }
      this.#changed();
    });
  }

  #run(operation) {
    const result = this.#queue.then(operation);
    this.#queue = result.catch((error) => console.warn('parley: a device change failed', error));
    return result;
  }

  async #open(kind) {
    this.#stop(kind); // first: never two live tracks of one kind
    const requested = this.#deviceIds[kind];
    let track = null;
    let error = null;
    try {
      track = await openTrack(kind, requested, this.#videoSize);
    } catch (failure) {
      error = failure instanceof DeviceError ? failure : new DeviceError(kind, 'failed', '', failure);
    }
    this.#settle(kind, track, error, requested);
  }

  #settle(kind, track, error, requested) {
    this.#errors[kind] = error;
    if (track) {
      this.#tracks[kind] = track;
      this.#stream.addTrack(track);
      // A device that goes away (unplugged, taken by the system) ends its track: show it as off.
      track.addEventListener('ended', () => this.#onEnded(kind, track));
      const fellBack = requested && track.getSettings().deviceId !== requested;
      if (fellBack && this.#deviceIds[kind] === requested) {
        this.#deviceIds[kind] = null; // the requested device is gone; this is the default one
      }
    }
    this.#emitTrack(kind);
    if (error) {
      this.dispatchEvent(new CustomEvent('deviceerror', { detail: { kind, error } }));
    }
    this.#changed();
  }

  #onEnded(kind, track) {
    if (this.#tracks[kind] === track) {
      this.#stop(kind);
      this.#errors[kind] = new DeviceError(kind, 'busy', track.label);
      this.#emitTrack(kind);
      this.dispatchEvent(new CustomEvent('deviceerror', { detail: { kind, error: this.#errors[kind] } }));
      this.#changed();
    }
  }

  #stop(kind) {
    const track = this.#tracks[kind];
    if (track) {
      track.stop();
      this.#stream.removeTrack(track);
      this.#tracks[kind] = null;
    }
  }

  #emitTrack(kind) {
    this.dispatchEvent(new CustomEvent('trackchange', { detail: { kind, track: this.#tracks[kind] } }));
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
