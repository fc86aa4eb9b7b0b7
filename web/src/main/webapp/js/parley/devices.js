/**
 * Opening one microphone or camera, and saying why it failed.
 *
 * Failures become a {@link DeviceError} with a `reason` a page can act on:
 *   "denied"     the person or the browser refused access (NotAllowedError, SecurityError);
 *   "busy"       the device exists but could not be started, usually because another application holds it
 *                (NotReadableError, AbortError, e.g. "Could not start audio source", Firefox's concurrent mic limit);
 *   "not-found"  there is no such device (NotFoundError);
 *   "insecure"   the page is not in a secure context, so the browser offers no capture at all;
 *   "failed"     anything else.
 * Impossible constraints (OverconstrainedError, e.g. a remembered device that was unplugged) never reach the page:
 * the capture falls back to whatever the device can do.
 */

import { layerUnit } from './simulcast.js';

export const KINDS = Object.freeze(['audio', 'video']);

/** The capture size asked for: 720p where the camera has it (sent as three simulcast layers), multiples of 16. */
export const DEFAULT_VIDEO_SIZE = Object.freeze({ width: 1280, height: 720 });

export class DeviceError extends Error {
  /**
   * @param kind "audio" | "video"
   * @param reason see the module comment
   * @param deviceLabel the device's name when the browser tells it, else ""
   */
  constructor(kind, reason, deviceLabel, cause) {
    super(describe(kind, reason, deviceLabel, cause), { cause });
    this.name = 'DeviceError';
    this.kind = kind;
    this.reason = reason;
    this.deviceLabel = deviceLabel;
  }
}

/** Rounds down to a multiple of 16 (never below 16). */
export function multipleOf16(n) {
  return multipleOf(n, 16);
}

function multipleOf(n, unit) {
  return Math.max(unit, Math.floor(n / unit) * unit);
}

/** Capture constraints for one kind; `deviceId` null means the browser's default device. */
export function constraintsFor(kind, deviceId, videoSize = DEFAULT_VIDEO_SIZE) {
  const device = deviceId ? { deviceId: { exact: deviceId } } : {};
  if (kind === 'audio') {
    return { ...device, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  }
  return {
    ...device,
    width: { ideal: multipleOf16(videoSize.width) },
    height: { ideal: multipleOf16(videoSize.height) },
  };
}

/**
 * Opens one track of `kind`, falling back silently when the constraints are impossible.
 * @returns {Promise<MediaStreamTrack>}
 * @throws {DeviceError}
 */
export async function openTrack(kind, deviceId = null, videoSize = DEFAULT_VIDEO_SIZE) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new DeviceError(kind, 'insecure', '');
  }
  let track;
  try {
    track = await capture(kind, constraintsFor(kind, deviceId, videoSize));
  } catch (error) {
    if (error?.name !== 'OverconstrainedError') {
      throw new DeviceError(kind, reasonOf(error), await labelOf(kind, deviceId), error);
    }
    try {
      track = await capture(kind, true); // whatever the default device can do
    } catch (fallbackError) {
      throw new DeviceError(kind, reasonOf(fallbackError), await labelOf(kind, null), fallbackError);
    }
  }
  if (kind === 'video') {
    await fitTo16(track, layerUnit(track.getSettings().width ?? 0));
  }
  return track;
}

/**
 * Opens both kinds with one request when possible (one permission prompt), else each on its own so that one
 * failing device does not cost the other.
 * @returns {Promise<{tracks: {audio, video}, errors: {audio, video}}>} a track or null, a DeviceError or null
 */
export async function openTracks({ audio = null, video = null }, videoSize = DEFAULT_VIDEO_SIZE) {
  const wanted = KINDS.filter((kind) => (kind === 'audio' ? audio : video));
  const tracks = { audio: null, video: null };
  const errors = { audio: null, video: null };
  if (wanted.length === 2 && navigator.mediaDevices?.getUserMedia) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: constraintsFor('audio', audio.deviceId, videoSize),
        video: constraintsFor('video', video.deviceId, videoSize),
      });
      tracks.audio = stream.getAudioTracks()[0] ?? null;
      tracks.video = stream.getVideoTracks()[0] ?? null;
      if (tracks.video) {
        await fitTo16(tracks.video, layerUnit(tracks.video.getSettings().width ?? 0));
      }
      if (tracks.audio && tracks.video) {
        return { tracks, errors };
      }
      stream.getTracks().forEach((track) => track.stop());
      tracks.audio = tracks.video = null;
    } catch {
      // Find out which device failed, and keep the other.
    }
  }
  for (const kind of wanted) {
    try {
      tracks[kind] = await openTrack(kind, (kind === 'audio' ? audio : video).deviceId, videoSize);
    } catch (error) {
      errors[kind] = error instanceof DeviceError ? error : new DeviceError(kind, 'failed', '', error);
    }
  }
  return { tracks, errors };
}

/** The capture devices of `kind` ("audioinput" / "videoinput"); labels are empty until access was granted once. */
export async function listDevices(kind) {
  if (!navigator.mediaDevices?.enumerateDevices) {
    return [];
  }
  const inputKind = kind === 'audio' ? 'audioinput' : 'videoinput';
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === inputKind && device.deviceId);
}

/**
 * Makes the track's size multiples of 16 if the camera chose otherwise (e.g. 1920x1080 → 1920x1072), cropping
 * rather than distorting; with `unit` 32 or 64, so that simulcast layers scaled down by 2 or 4 are too (1280x720 →
 * 1280x704, layers 640x352 and 320x176).
 */
export async function fitTo16(track, unit = 16) {
  const { width, height } = track.getSettings();
  if (!width || !height || (width % unit === 0 && height % unit === 0)) {
    return;
  }
  const target = { width: { exact: multipleOf(width, unit) }, height: { exact: multipleOf(height, unit) } };
  try {
    await track.applyConstraints({ ...target, resizeMode: 'crop-and-scale' });
  } catch (error) {
    console.warn('parley: the camera cannot give a size in multiples of 16', width, height, error.name);
  }
}

async function capture(kind, constraints) {
  const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraints });
  return kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
}

function reasonOf(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError': // even the default device fails: there is none that works
      return 'not-found';
    default:
      return 'failed';
  }
}

/** The name of the device that was asked for, or of the default one. */
async function labelOf(kind, deviceId) {
  try {
    const devices = await listDevices(kind);
    const device = devices.find((d) => d.deviceId === deviceId)
      ?? devices.find((d) => d.deviceId === 'default')
      ?? devices[0];
    return device?.label ?? '';
  } catch {
    return '';
  }
}

function describe(kind, reason, label, cause) {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  const named = label ? `Your ${device} “${label}”` : `Your ${device}`;
  switch (reason) {
    case 'denied':
      return `Parley is not allowed to use your ${device}.`;
    case 'busy':
      return `${named} could not be started: another application may be using it.`;
    case 'not-found':
      return `No ${device} was found.`;
    case 'insecure':
      return `This page can only use your ${device} over HTTPS (or on localhost).`;
    default:
      return `${named} could not be used (${cause?.name ?? 'unknown error'}).`;
  }
}
