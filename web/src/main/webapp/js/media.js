/** Capturing the local microphone and camera, and saying in plain words why it failed. */

export const CAPTURE_CONSTRAINTS = Object.freeze({
  audio: true,
  video: { width: { ideal: 640 }, height: { ideal: 480 } },
});

export async function captureLocalMedia(constraints = CAPTURE_CONSTRAINTS) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MediaAccessError('This page can only use your camera and microphone over HTTPS (or on localhost).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    throw new MediaAccessError(describeCaptureFailure(error), error);
  }
}

export function stopStream(stream) {
  stream?.getTracks().forEach((track) => track.stop());
}

export class MediaAccessError extends Error {
  constructor(message, cause) {
    super(message, { cause });
    this.name = 'MediaAccessError';
  }
}

function describeCaptureFailure(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'Camera and microphone access was blocked. Allow access for this site in your browser and try again.';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return 'No camera or microphone was found. Connect one and try again.';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'Your camera or microphone could not be started. Another application may be using it.';
    case 'OverconstrainedError':
      return 'Your camera cannot provide a usable video format.';
    case 'SecurityError':
      return 'This page is not allowed to use your camera and microphone.';
    default:
      return `Your camera and microphone could not be used (${error?.name ?? 'unknown error'}).`;
  }
}
