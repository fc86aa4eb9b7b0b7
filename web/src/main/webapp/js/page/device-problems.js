/**
 * What to tell a person whose microphone or camera failed, and which ways forward to offer.
 * @param errors {{audio: DeviceError|null, video: DeviceError|null}}
 * @returns {{text: string, retry: boolean, joinWithout: string|null}|null} null when nothing failed
 */
export function describeDeviceProblems(errors) {
  const failed = ['audio', 'video'].map((kind) => errors[kind]).filter(Boolean);
  if (failed.length === 0) {
    return null;
  }
  const denied = failed.filter((error) => error.reason === 'denied');
  const notFound = failed.filter((error) => error.reason === 'not-found');
  const parts = [];
  let joinWithout = null;
  if (denied.length) {
    parts.push(`Parley is not allowed to use your ${devicesOf(denied)}. To allow it, click the camera icon or the `
      + 'padlock at the left of the address bar, allow Camera and Microphone for this site, then press Try again. '
      + 'Or join without them: you will still see and hear the others.');
    joinWithout = 'Join without camera and microphone';
  }
  if (notFound.length) {
    if (notFound.length === 2) {
      parts.push('No camera or microphone was found. You can join to watch and listen, '
        + 'or connect one and press Try again.');
      joinWithout ??= 'Join to watch and listen';
    } else {
      const missing = devicesOf(notFound);
      parts.push(`No ${missing} was found. You can join without one, or connect one and press Try again.`);
    }
  }
  for (const error of failed.filter((e) => e.reason === 'busy')) {
    const device = error.kind === 'audio' ? 'microphone' : 'camera';
    const named = error.deviceLabel ? `Your ${device} “${error.deviceLabel}”` : `Your ${device}`;
    if (/concurrent mic process limit/i.test(error.cause?.message ?? '')) {
      // Firefox opens one microphone at a time across its tabs and windows.
      parts.push(`${named} could not be started: Firefox uses only one microphone at a time, and another tab or `
        + 'window is using a different one. Close that tab or window and press Try again, or choose the microphone '
        + 'it uses below.');
    } else {
      parts.push(`${named} could not be started: another application may be using it. Close that application and `
        + `press Try again, or choose another ${device} below.`);
    }
  }
  for (const error of failed.filter((e) => !['denied', 'not-found', 'busy'].includes(e.reason))) {
    parts.push(`${error.message} Press Try again, or choose another device below.`);
  }
  return { text: parts.join(' '), retry: true, joinWithout };
}

function devicesOf(errors) {
  const kinds = new Set(errors.map((error) => error.kind));
  if (kinds.size === 2) {
    return 'camera and microphone';
  }
  return kinds.has('audio') ? 'microphone' : 'camera';
}
