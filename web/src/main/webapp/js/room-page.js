import { ParleyClient } from './parley/client.js';
import { testConnection } from './parley/connection-test.js';
import { LocalMedia } from './parley/local-media.js';
import { SpeakingDetector } from './parley/speaking.js';
import { describeDeviceProblems } from './page/device-problems.js';
import { DeviceControls, rememberedDevices } from './page/device-controls.js';
import { showQuality, TileGrid } from './page/tiles.js';

/** The meeting page: a pre-join screen, then the call, on the Parley client library (./parley/). */

const STATE_LABELS = {
  idle: 'not connected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
  failed: 'failed',
  left: 'disconnected',
  ended: 'meeting ended',
  removed: 'removed',
};

const $ = (selector) => document.querySelector(selector);
const ui = {
  joinForm: $('#join-form'),
  nameInput: $('#display-name'),
  joinButton: $('[data-testid=join]'),
  lobby: $('#lobby'),
  stage: $('#stage'),
  tiles: $('#tiles'),
  selfTile: $('#self-tile'),
  selfSlot: $('#self-slot'),
  localVideo: $('[data-testid=local-video]'),
  leaveButton: $('[data-testid=leave]'),
  endButton: $('[data-testid=end-meeting]'),
  endedNote: $('[data-testid=ended]'),
  error: $('[data-testid=error]'),
  deviceActions: $('#device-actions'),
  retryButton: $('[data-testid=retry-devices]'),
  joinWithoutButton: $('[data-testid=join-without-devices]'),
  notice: $('[data-testid=notice]'),
  diagnosis: $('[data-testid=connection-diagnosis]'),
  testButton: $('[data-testid=test-connection]'),
  testResult: $('[data-testid=connection-test-result]'),
  state: $('[data-testid=connection-state]'),
  farewell: $('#farewell'),
  controls: $('#controls'),
  screenToggle: $('[data-testid=toggle-screen]'),
  selfQuality: $('#self-tile [data-testid=quality]'),
  roomLabel: $('#room-label'),
};

const NAME_KEY = 'parley.displayName';
const roomId = roomIdFromPath(location.pathname);
const query = new URLSearchParams(location.search);
const token = query.get('t');
// ?relay=1: media only through Parley's TURN servers (to try a firewalled network's path, or to hide one's address).
const iceTransportPolicy = query.get('relay') === '1' ? 'relay' : 'all';

const media = new LocalMedia({ deviceIds: rememberedDevices() });
const controls = new DeviceControls(media, {
  micToggle: $('[data-testid=toggle-mic]'),
  cameraToggle: $('[data-testid=toggle-camera]'),
  micSelect: $('[data-testid=mic-select]'),
  cameraSelect: $('[data-testid=camera-select]'),
});
const tiles = new TileGrid(ui.tiles, {
  onMute: (participantId) => client?.muteParticipant(participantId, 'audio'),
  onRemove: (participantId) => client?.removeParticipant(participantId),
});
const speaking = new SpeakingDetector((id, isSpeaking) => {
  if (id === 'self') {
    ui.selfTile.dataset.speaking = String(isSpeaking);
  } else {
    tiles.setSpeaking(id, isSpeaking);
  }
});
let client = null;
let starting = null;

// A hook for tests and diagnostics.
window.parley = {
  get client() { return client; },
  get pc() { return client?.peerConnection ?? null; },
  media,
};

init();

function init() {
  showState('idle');
  ui.nameInput.value = localStorage.getItem(NAME_KEY) ?? '';
  if (!roomId) {
    showError('This address is not a meeting link. Ask the host for the link to the meeting.');
    ui.joinButton.disabled = true;
    return;
  }
  ui.roomLabel.textContent = roomId;
  media.addEventListener('trackchange', (event) => onLocalTrack(event.detail));
  media.addEventListener('change', showDeviceProblems);
  ui.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    join();
  });
  ui.retryButton.addEventListener('click', () => media.retry());
  ui.testButton.addEventListener('click', testMyConnection);
  ui.joinWithoutButton.addEventListener('click', async () => {
    await media.stopAll();
    join();
  });
  ui.leaveButton.addEventListener('click', leave);
  ui.endButton.addEventListener('click', () => client?.endMeeting());
  ui.screenToggle.addEventListener('click', toggleScreen);
  window.addEventListener('pagehide', () => client?.leave());
  starting = media.start().then(() => controls.refreshDevices());
}

async function join() {
  const displayName = ui.nameInput.value.trim() || 'Guest';
  localStorage.setItem(NAME_KEY, displayName);
  ui.joinButton.disabled = true;
  performance.mark('parley:join-clicked');
  await starting;
  performance.mark('parley:media-captured');
  clearError();
  client = new ParleyClient({ roomId, token, media, iceTransportPolicy });
  client.addEventListener('statechange', (event) => showState(event.detail));
  client.addEventListener('joined', (event) => onJoined(event.detail));
  client.addEventListener('participantjoined', (event) => tiles.upsert(event.detail));
  client.addEventListener('participantupdated', (event) => tiles.upsert(event.detail));
  client.addEventListener('participantleft', (event) => {
    tiles.remove(event.detail.participantId);
    speaking.unwatch(event.detail.participantId);
  });
  client.addEventListener('track', (event) => onRemoteTrack(event.detail));
  client.addEventListener('dominantspeaker', (event) => showDominantSpeaker(event.detail.participantId));
  client.addEventListener('audience', (event) => showAudience(event.detail.count));
  client.addEventListener('screenshare', (event) => showScreenSharing(event.detail.sharing));
  client.addEventListener('quality', (event) => showParticipantQuality(event.detail));
  client.addEventListener('diagnosis', (event) => showDiagnosis(event.detail));
  client.addEventListener('mutedbyhost', () => showNotice('The host muted your microphone. Unmute when you want to speak.'));
  client.addEventListener('error', (event) => onClientError(event.detail));
  client.addEventListener('retrying', (event) => showError(event.detail.message, 'retrying'));
  client.addEventListener('ended', (event) => onEnded(event.detail));
  try {
    await client.join(displayName);
  } catch (error) {
    showError(error.message);
    resetToLobby();
  }
}

function onJoined({ isHost }) {
  if (ui.error.dataset.source === 'retrying') {
    clearError();
  }
  ui.lobby.hidden = true;
  ui.stage.hidden = false;
  ui.leaveButton.hidden = false;
  ui.endButton.hidden = !isHost;
  if (ui.selfTile.parentElement !== ui.tiles) {
    ui.tiles.prepend(ui.selfTile); // the preview becomes this person's tile
    ui.localVideo.play().catch(() => {});
  }
  tiles.isHost = isHost;
  ui.screenToggle.hidden = !navigator.mediaDevices?.getDisplayMedia; // phones cannot share a screen
  showDeviceProblems();
}

/** The one who speaks most is shown large to the others; one's own tile is only marked. */
function showDominantSpeaker(participantId) {
  const self = participantId === client?.self?.participantId;
  ui.selfTile.dataset.dominant = String(self);
  tiles.setDominant(self ? null : participantId);
}

/** In a large room, how many more watch than the tiles show. */
function showAudience(count) {
  const label = document.querySelector('[data-testid=audience]');
  label.hidden = count === 0;
  label.textContent = count === 1 ? '+1 watching' : `+${count} watching`;
}

/** Starts or stops sharing this person's screen; a cancelled picker is no error. */
async function toggleScreen() {
  if (!client) {
    return;
  }
  if (client.screenTrack) {
    await client.stopSharingScreen();
    return;
  }
  try {
    await client.shareScreen();
  } catch (error) {
    if (error.name !== 'NotAllowedError') {
      showError(`Your screen could not be shared: ${error.message}`);
    }
  }
}

function showParticipantQuality(quality) {
  if (quality.participantId === client?.self?.participantId) {
    showQuality(ui.selfTile, ui.selfQuality, quality.level, quality.reasons);
  } else {
    tiles.setQuality(quality.participantId, quality);
  }
}

function showScreenSharing(sharing) {
  ui.screenToggle.setAttribute('aria-pressed', String(sharing));
  ui.screenToggle.textContent = sharing ? 'Stop sharing' : 'Share screen';
}

function onRemoteTrack({ participantId, source, stream, track }) {
  if (source === 'screen') {
    tiles.attachScreen(participantId, stream);
    return;
  }
  tiles.attachStream(participantId, stream);
  if (track.kind === 'audio') {
    speaking.watch(participantId, track);
  }
}

function onLocalTrack({ kind, track }) {
  if (kind === 'video') {
    ui.localVideo.srcObject = track ? new MediaStream([track]) : null;
    ui.selfTile.dataset.mutedVideo = String(!track);
  } else {
    ui.selfTile.dataset.mutedAudio = String(!track);
    speaking.watch('self', track);
    if (track) {
      hideNotice(); // unmuted: the host's mute is over
    }
  }
}

function onClientError({ code, message, fatal }) {
  if (fatal && code === 'ROOM_ENDED') {
    onEnded({ reason: 'roomEnded', message: 'The host ended the meeting.' }); // noticed on coming back
    return;
  }
  showError(message);
  if (fatal) {
    resetToLobby();
  }
}

function leave() {
  client?.leave();
  closeMeeting();
  ui.farewell.hidden = false;
}

/** The host ended the meeting, or removed this person: say so, and release everything for good. */
function onEnded({ reason, message }) {
  const byThisHost = reason === 'meetingEnded' && client?.self?.isHost;
  closeMeeting();
  ui.endedNote.textContent = byThisHost ? 'You ended the meeting for everyone.' : message;
  ui.endedNote.hidden = false;
}

/** Out of the meeting for good: no client, camera and microphone released (their lights go off), no controls. */
function closeMeeting() {
  client = null;
  media.stopAll({ mute: false });
  speaking.unwatch('self');
  tiles.clear();
  ui.stage.hidden = true;
  ui.leaveButton.hidden = true;
  ui.endButton.hidden = true;
  ui.lobby.hidden = true;
  ui.controls.hidden = true;
  ui.screenToggle.hidden = true;
  showScreenSharing(false);
  clearError();
  hideNotice();
}

/** Back to the pre-join screen with the devices still open, e.g. after a refused join. */
function resetToLobby() {
  client = null;
  tiles.clear();
  delete ui.selfTile.dataset.quality; // the call's verdicts and floor do not carry over to the preview
  ui.selfTile.dataset.dominant = 'false';
  ui.endButton.hidden = true;
  ui.screenToggle.hidden = true;
  showScreenSharing(false);
  showDiagnosis(null);
  ui.selfSlot.append(ui.selfTile);
  ui.localVideo.play().catch(() => {});
  ui.stage.hidden = true;
  ui.leaveButton.hidden = true;
  ui.lobby.hidden = false;
  ui.joinButton.disabled = false;
}

/** Device failures, with the ways forward that fit them; in the call only "Try again". */
function showDeviceProblems() {
  const problems = describeDeviceProblems({ audio: media.error('audio'), video: media.error('video') });
  if (!problems) {
    if (ui.error.dataset.source === 'devices') {
      clearError();
    }
    return;
  }
  showError(problems.text, 'devices');
  ui.deviceActions.hidden = false;
  const inCall = client !== null;
  ui.joinWithoutButton.hidden = inCall || !problems.joinWithout;
  ui.joinWithoutButton.textContent = problems.joinWithout ?? '';
}

function showState(state) {
  ui.state.textContent = STATE_LABELS[state] ?? state;
  ui.state.dataset.state = state;
}

function showError(message, source = 'meeting') {
  ui.error.textContent = message;
  ui.error.dataset.source = source;
  ui.error.hidden = false;
  ui.deviceActions.hidden = source !== 'devices';
}

function clearError() {
  ui.error.textContent = '';
  ui.error.hidden = true;
  ui.deviceActions.hidden = true;
}

/** "Test my connection": a short media connection to the meeting's server before joining, and what it found. */
async function testMyConnection() {
  ui.testButton.disabled = true;
  ui.testResult.hidden = false;
  ui.testResult.dataset.outcome = 'running';
  ui.testResult.querySelector('.connection-test-title').textContent = 'Testing your connection…';
  ui.testResult.querySelector('.connection-test-advice').textContent = '';
  try {
    const found = await testConnection({ roomId, token, iceTransportPolicy });
    ui.testResult.dataset.outcome = found.outcome;
    ui.testResult.dataset.cause = found.cause ?? '';
    ui.testResult.dataset.path = found.path ?? '';
    ui.testResult.querySelector('.connection-test-title').textContent = found.title;
    ui.testResult.querySelector('.connection-test-advice').textContent = found.advice;
  } finally {
    ui.testButton.disabled = false;
  }
}

/** What is wrong with the media connection and what to do about it (diagnosis.js), or nothing. */
function showDiagnosis(diagnosis) {
  ui.diagnosis.hidden = !diagnosis;
  if (diagnosis) {
    ui.diagnosis.dataset.cause = diagnosis.cause;
    ui.diagnosis.dataset.severity = diagnosis.severity;
    ui.diagnosis.querySelector('.diagnosis-title').textContent = diagnosis.title;
    ui.diagnosis.querySelector('.diagnosis-advice').textContent = diagnosis.advice;
  }
}

function showNotice(message) {
  ui.notice.textContent = message;
  ui.notice.hidden = false;
}

function hideNotice() {
  ui.notice.hidden = true;
}

function roomIdFromPath(pathname) {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : null;
}
