/** Parley's browser client library: import what you need from here (an ES module, no build step). */
export { ParleyClient, joinRoom, DEFAULT_TIMING } from './client.js';
export { LocalMedia } from './local-media.js';
export { DeviceError, listDevices, openTrack, openTracks, multipleOf16, DEFAULT_VIDEO_SIZE } from './devices.js';
export { SpeakingDetector } from './speaking.js';
export { Call } from './call.js';
export { SignallingChannel } from './signalling.js';
export { testConnection } from './connection-test.js';
