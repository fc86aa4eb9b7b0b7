/**
 * The remote participants' tiles: name, host badge, muted microphone and camera, away, speaking, and (for a host)
 * buttons to mute someone's microphone and to remove someone. Media may arrive before the participant's details, and
 * is kept until both are known.
 *
 * Test hooks: data-testid="participant" with data-participant-id, data-muted-audio / data-muted-video
 * ("true"/"false"), data-present ("false" while away), data-speaking, data-dominant (the room's dominant speaker,
 * shown large); buttons data-testid="mute-participant" and "remove-participant".
 */
export class TileGrid {
  #container;
  #tiles = new Map();
  #streams = new Map();
  #onMute;
  #onRemove;
  #isHost = false;
  #dominant = null;

  /**
   * @param onMute (participantId) => void, called when a host presses a tile's mute button
   * @param onRemove (participantId) => void, called when a host presses a tile's remove button
   */
  constructor(container, { onMute, onRemove }) {
    this.#container = container;
    this.#onMute = onMute;
    this.#onRemove = onRemove;
  }

  /** Shows the host's buttons (mute, remove) on every tile, or hides them. */
  set isHost(value) {
    this.#isHost = value;
    this.#tiles.forEach((tile) => this.#render(tile));
  }

  upsert(participant) {
    let tile = this.#tiles.get(participant.id);
    if (!tile) {
      tile = createTile(participant.id);
      tile.muteButton.addEventListener('click', () => this.#onMute(participant.id));
      tile.removeButton.addEventListener('click', () => this.#onRemove(participant.id));
      this.#tiles.set(participant.id, tile);
      tile.root.dataset.dominant = String(participant.id === this.#dominant);
      this.#container.append(tile.root);
      const stream = this.#streams.get(participant.id);
      if (stream) {
        attach(tile, stream);
      }
    }
    tile.participant = participant;
    this.#render(tile);
  }

  remove(participantId) {
    this.#streams.delete(participantId);
    const tile = this.#tiles.get(participantId);
    if (tile) {
      tile.video.srcObject = null;
      tile.root.remove();
      this.#tiles.delete(participantId);
    }
  }

  clear() {
    [...this.#tiles.keys()].forEach((id) => this.remove(id));
    this.#streams.clear();
  }

  /** The participant's media (one stream per participant, named after them). */
  attachStream(participantId, stream) {
    this.#streams.set(participantId, stream);
    const tile = this.#tiles.get(participantId);
    if (tile) {
      attach(tile, stream);
    }
  }

  /** Marks the room's dominant speaker (shown large where there are several tiles); null when it is someone else. */
  setDominant(participantId) {
    this.#dominant = participantId;
    this.#tiles.forEach((tile, id) => {
      tile.root.dataset.dominant = String(id === participantId);
    });
  }

  setSpeaking(participantId, speaking) {
    const tile = this.#tiles.get(participantId);
    if (tile) {
      tile.root.dataset.speaking = String(speaking);
    }
  }

  #render(tile) {
    const { participant, root } = tile;
    const name = participant.displayName || 'Guest';
    const present = participant.isPresent !== false;
    tile.name.textContent = name;
    tile.placeholder.textContent = name;
    root.setAttribute('aria-label', present ? name : `${name} (away)`);
    root.dataset.mutedAudio = String(Boolean(participant.audioMuted));
    root.dataset.mutedVideo = String(Boolean(participant.videoMuted));
    root.dataset.present = String(present);
    root.classList.toggle('away', !present);
    tile.host.hidden = !participant.isHost;
    tile.away.hidden = present;
    tile.micOff.hidden = !participant.audioMuted;
    tile.muteButton.hidden = !this.#isHost || Boolean(participant.audioMuted) || !present;
    tile.removeButton.hidden = !this.#isHost; // away people too: they hold a place until the grace period ends
  }
}

function createTile(participantId) {
  const root = element('div', 'tile');
  root.dataset.testid = 'participant';
  root.dataset.participantId = participantId;
  root.dataset.speaking = 'false';
  root.setAttribute('role', 'group');
  const video = element('video');
  video.autoplay = true;
  video.playsInline = true;
  const placeholder = element('div', 'tile-placeholder');
  placeholder.setAttribute('aria-hidden', 'true');
  const caption = element('div', 'tile-caption');
  const name = element('span', 'tile-name', '…');
  const host = element('span', 'tile-badge', 'host');
  const micOff = element('span', 'tile-mic-off', 'mic off');
  micOff.title = 'Microphone off';
  const away = element('span', 'tile-away', 'away, reconnecting…');
  away.dataset.testid = 'away';
  caption.append(name, host, micOff, away);
  const muteButton = element('button', 'tile-mute', 'Mute');
  muteButton.type = 'button';
  muteButton.dataset.testid = 'mute-participant';
  muteButton.hidden = true;
  const removeButton = element('button', 'tile-remove', 'Remove');
  removeButton.type = 'button';
  removeButton.dataset.testid = 'remove-participant';
  removeButton.hidden = true;
  root.append(video, placeholder, caption, muteButton, removeButton);
  return {
    root, video, placeholder, name, host, micOff, away, muteButton, removeButton, participant: { id: participantId },
  };
}

function attach(tile, stream) {
  if (tile.video.srcObject !== stream) {
    tile.video.srcObject = stream;
    // Audio plays through this same element; play() can be refused without a user gesture.
    tile.video.play().catch((error) => console.warn('parley: playback did not start', error.name));
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}
