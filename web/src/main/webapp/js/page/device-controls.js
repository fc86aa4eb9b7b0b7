import { listDevices } from '../parley/devices.js';

const LABELS = {
  audio: { on: 'Mute', off: 'Unmute' },
  video: { on: 'Stop camera', off: 'Start camera' },
};
const STORAGE_KEYS = { audio: 'parley.audioDeviceId', video: 'parley.videoDeviceId' };

/** The remembered devices of last time. */
export function rememberedDevices() {
  return { audio: read(STORAGE_KEYS.audio), video: read(STORAGE_KEYS.video) };
}

/**
 * The microphone and camera toggles and pickers, bound to a {@link LocalMedia}; the same controls serve before
 * joining and in the call.
 */
export class DeviceControls {
  #media;
  #toggles;
  #selects;

  constructor(media, { micToggle, cameraToggle, micSelect, cameraSelect }) {
    this.#media = media;
    this.#toggles = { audio: micToggle, video: cameraToggle };
    this.#selects = { audio: micSelect, video: cameraSelect };
    for (const kind of ['audio', 'video']) {
      this.#toggles[kind].addEventListener('click', () => media.setMuted(kind, !media.isOff(kind)));
      this.#selects[kind].addEventListener('change', () => {
        const deviceId = this.#selects[kind].value;
        write(STORAGE_KEYS[kind], deviceId);
        media.setDevice(kind, deviceId);
      });
    }
    media.addEventListener('change', () => this.render());
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.refreshDevices());
    this.render();
  }

  /** Fills the pickers (labels are only known once access was granted). */
  async refreshDevices() {
    for (const kind of ['audio', 'video']) {
      const select = this.#selects[kind];
      const devices = await listDevices(kind).catch(() => []);
      const options = devices.map((device, index) => {
        const option = document.createElement('option');
        option.value = device.deviceId;
        option.textContent = device.label || `${kind === 'audio' ? 'Microphone' : 'Camera'} ${index + 1}`;
        return option;
      });
      select.replaceChildren(...options);
      select.disabled = options.length === 0;
    }
    this.render();
  }

  render() {
    for (const kind of ['audio', 'video']) {
      const off = this.#media.isOff(kind);
      const toggle = this.#toggles[kind];
      toggle.textContent = off ? LABELS[kind].off : LABELS[kind].on;
      toggle.setAttribute('aria-pressed', String(off));
      toggle.dataset.muted = String(off);
      const select = this.#selects[kind];
      const current = this.#media.deviceId(kind);
      if (current && [...select.options].some((option) => option.value === current)) {
        select.value = current;
      }
    }
  }
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private browsing: the choice holds for this visit only
  }
}
