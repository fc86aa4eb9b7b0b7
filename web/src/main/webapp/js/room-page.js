import { captureLocalMedia, stopStream } from './media.js';
import { Meeting } from './meeting.js';

/** The meeting page: binds a Meeting to the DOM of room.html. */

const STATE_LABELS = {
  idle: 'not connected',
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'disconnected',
  failed: 'failed',
  left: 'disconnected',
};

const ui = {
  joinForm: document.getElementById('join-form'),
  nameInput: document.getElementById('display-name'),
  joinButton: document.querySelector('[data-testid=join]'),
  stage: document.getElementById('stage'),
  localVideo: document.querySelector('[data-testid=local-video]'),
  tiles: document.getElementById('tiles'),
  leaveButton: document.querySelector('[data-testid=leave]'),
  error: document.querySelector('[data-testid=error]'),
  state: document.querySelector('[data-testid=connection-state]'),
  farewell: document.getElementById('farewell'),
  roomLabel: document.getElementById('room-label'),
};

const NAME_KEY = 'parley.displayName';
const roomId = roomIdFromPath(location.pathname);
const token = new URLSearchParams(location.search).get('t');

let meeting = null;
let localStream = null;
const tiles = new Map();
/** Remote streams by participant id; media may arrive before the participant's details. */
const streams = new Map();

// A hook for tests and diagnostics: the live session and its peer connection.
window.parley = {
  get meeting() { return meeting; },
  get pc() { return meeting?.peerConnection ?? null; },
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
  ui.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    join();
  });
  ui.leaveButton.addEventListener('click', leave);
  window.addEventListener('pagehide', () => meeting?.leave());
}

async function join() {
  const displayName = ui.nameInput.value.trim() || 'Guest';
  localStorage.setItem(NAME_KEY, displayName);
  clearError();
  ui.joinButton.disabled = true;
  performance.mark('parley:join-clicked');
  try {
    localStream = await captureLocalMedia();
    performance.mark('parley:media-captured');
  } catch (error) {
    showError(error.message);
    ui.joinButton.disabled = false;
    return;
  }
  ui.localVideo.srcObject = localStream;
  meeting = new Meeting({ roomId, token });
  meeting.addEventListener('statechange', (event) => showState(event.detail));
  meeting.addEventListener('joined', (event) => onJoined(event.detail));
  meeting.addEventListener('participantjoined', (event) => upsertTile(event.detail.id, event.detail));
  meeting.addEventListener('participantleft', (event) => removeTile(event.detail.participantId));
  meeting.addEventListener('track', (event) => onRemoteStream(event.detail.participantId, event.detail.stream));
  meeting.addEventListener('error', (event) => onMeetingError(event.detail));
  try {
    await meeting.join(localStream, displayName);
  } catch (error) {
    onMeetingError({ message: error.message, fatal: true });
  }
}

function onJoined({ participants }) {
  ui.joinForm.hidden = true;
  ui.stage.hidden = false;
  ui.leaveButton.hidden = false;
  participants.forEach((participant) => upsertTile(participant.id, participant));
}

function onMeetingError({ message, fatal }) {
  showError(message);
  if (fatal) {
    resetToLobby();
  }
}

function leave() {
  meeting?.leave();
  resetToLobby();
  ui.joinForm.hidden = true;
  ui.farewell.hidden = false;
}

/** Back to the join form with nothing running, e.g. after a refused join. */
function resetToLobby() {
  stopStream(localStream);
  localStream = null;
  ui.localVideo.srcObject = null;
  [...tiles.keys()].forEach(removeTile);
  streams.clear();
  ui.stage.hidden = true;
  ui.leaveButton.hidden = true;
  ui.joinForm.hidden = false;
  ui.joinButton.disabled = false;
}

/** The tile of a remote participant, created when we learn of them; their media joins it whenever it arrives. */
function upsertTile(participantId, participant) {
  let tile = tiles.get(participantId);
  if (!tile) {
    tile = createTile(participantId);
    tiles.set(participantId, tile);
    ui.tiles.append(tile.root);
    const stream = streams.get(participantId);
    if (stream) {
      attachStream(tile, stream);
    }
  }
  if (participant) {
    tile.name.textContent = participant.displayName || 'Guest';
    tile.root.setAttribute('aria-label', participant.displayName || 'Guest');
    tile.host.hidden = !participant.isHost;
  }
  return tile;
}

function createTile(participantId) {
  const root = document.createElement('div');
  root.className = 'tile';
  root.dataset.testid = 'participant';
  root.dataset.participantId = participantId;
  root.setAttribute('role', 'group');
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  const caption = document.createElement('div');
  caption.className = 'tile-caption';
  const name = document.createElement('span');
  name.className = 'tile-name';
  name.textContent = '…';
  const host = document.createElement('span');
  host.className = 'tile-badge';
  host.textContent = 'host';
  host.hidden = true;
  caption.append(name, host);
  root.append(video, caption);
  return { root, video, name, host };
}

function onRemoteStream(participantId, stream) {
  streams.set(participantId, stream);
  const tile = tiles.get(participantId);
  if (tile) {
    attachStream(tile, stream);
  }
}

function attachStream(tile, stream) {
  if (tile.video.srcObject !== stream) {
    tile.video.srcObject = stream;
    // Audio plays through this same element; play() can be refused without a user gesture.
    tile.video.play().catch((error) => console.warn('parley: playback did not start', error.name));
  }
}

function removeTile(participantId) {
  streams.delete(participantId);
  const tile = tiles.get(participantId);
  if (tile) {
    tile.video.srcObject = null;
    tile.root.remove();
    tiles.delete(participantId);
  }
}

function showState(state) {
  ui.state.textContent = STATE_LABELS[state] ?? state;
  ui.state.dataset.state = state;
}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearError() {
  ui.error.textContent = '';
  ui.error.hidden = true;
}

function roomIdFromPath(pathname) {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : null;
}
