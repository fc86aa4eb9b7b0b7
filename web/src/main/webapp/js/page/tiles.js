/**
 * The remote participants' tiles: name, host badge, muted microphone and camera, away, speaking, and (for a host)
 * buttons to mute someone's microphone and to remove someone. Media may arrive before the participant's details, and
 * is kept until both are known.
 *
 * A participant who shares their screen gets a second tile for it (data-testid="screen", data-participant-id), shown
 * large at the top of the grid while they share.
 *
 * Test hooks: data-testid="participant" with data-participant-id, data-muted-audio / data-muted-video
 * ("true"/"false"), data-present ("false" while away), data-speaking, data-dominant (the room's dominant speaker,
 * shown large), data-quality (their connection: good, fair, poor, lost; the bars' title says why); buttons
 * data-testid="mute-participant" and "remove-participant".
 */
export class TileGrid {
  #container;
  #tiles = new Map();
  #streams = new Map();
  /** participantId → {root, video, name}: their screen, shown while they share. */
  #screens = new Map();
  #screenStreams = new Map();
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
    this.#screenStreams.delete(participantId);
    this.#showScreen(participantId, null);
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
    this.#screenStreams.clear();
  }

  /** The participant's screen stream: shown whenever they say they share it. */
  attachScreen(participantId, stream) {
    this.#screenStreams.set(participantId, stream);
    const tile = this.#tiles.get(participantId);
    if (tile) {
      this.#render(tile);
    }
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

  /** Shows how well the participant comes through ({level, reasons}) on their tile. */
  setQuality(participantId, { level, reasons }) {
    const tile = this.#tiles.get(participantId);
    if (tile) {
      showQuality(tile.root, tile.quality, level, reasons);
    }
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
    this.#showScreen(participant.id, participant.sharingScreen ? this.#screenStreams.get(participant.id) : null, name);
  }

  /** Shows `stream` as the participant's screen tile, or removes that tile when null. */
  #showScreen(participantId, stream, name) {
    let screen = this.#screens.get(participantId);
    if (!stream) {
      if (screen) {
        screen.video.srcObject = null;
        screen.root.remove();
        this.#screens.delete(participantId);
      }
      return;
    }
    if (!screen) {
      screen = createScreenTile(participantId);
      this.#screens.set(participantId, screen);
      this.#container.prepend(screen.root);
    }
    screen.name.textContent = `${name}'s screen`;
    screen.root.setAttribute('aria-label', `${name}'s screen`);
    if (screen.video.srcObject !== stream) {
      screen.video.srcObject = stream;
      screen.video.play().catch((error) => console.warn('parley: screen playback did not start', error.name));
    }
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
  const quality = createQualityBars();
  caption.append(name, host, micOff, away, quality);
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
    root, video, placeholder, name, host, micOff, away, quality, muteButton, removeButton, participant: { id: participantId },
  };
}

function createScreenTile(participantId) {
  const root = element('div', 'tile screen');
  root.dataset.testid = 'screen';
  root.dataset.participantId = participantId;
  root.setAttribute('role', 'group');
  const video = element('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true; // a screen carries no sound here; the camera tile plays the voice
  const caption = element('div', 'tile-caption');
  const name = element('span', 'tile-name');
  caption.append(name);
  root.append(video, caption);
  return { root, video, name };
}

/** Three bars, lit by level, with the reasons in their title (a person hovers to learn why). */
export function createQualityBars() {
  const bars = element('span', 'tile-quality');
  bars.dataset.testid = 'quality';
  bars.setAttribute('role', 'img');
  for (let i = 0; i < 3; i++) {
    bars.append(element('i'));
  }
  return bars;
}

const LEVEL_WORDS = { good: 'good', fair: 'fair', poor: 'poor', lost: 'lost' };

export function showQuality(root, bars, level, reasons) {
  root.dataset.quality = level;
  const words = `Connection ${LEVEL_WORDS[level] ?? level}${reasons.length ? `: ${reasons.join(', ')}` : ''}`;
  bars.title = words;
  bars.setAttribute('aria-label', words);
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
