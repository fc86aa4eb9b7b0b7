/**
 * Who is speaking: the level of each watched audio track, measured with Web Audio (nothing is played through it).
 * Calls `onChange(id, speaking)` when someone starts or stops; a short hold keeps the indicator from flickering
 * between words.
 */
export class SpeakingDetector {
  #context = null;
  #watched = new Map();
  #timer = null;
  #onChange;
  #threshold;
  #holdMs;

  constructor(onChange, { threshold = 0.02, holdMs = 600, intervalMs = 100 } = {}) {
    this.#onChange = onChange;
    this.#threshold = threshold;
    this.#holdMs = holdMs;
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  /** Watches `track` under `id` (replacing what was watched under it); null stops watching. */
  watch(id, track) {
    this.unwatch(id);
    if (!track || track.readyState !== 'live' || typeof AudioContext === 'undefined') {
      return;
    }
    this.#context ??= new AudioContext();
    if (this.#context.state === 'suspended') {
      this.#context.resume().catch(() => {});
    }
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const analyser = this.#context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    this.#watched.set(id, { source, analyser, samples: new Float32Array(analyser.fftSize), lastLoud: 0, speaking: false });
  }

  unwatch(id) {
    const entry = this.#watched.get(id);
    if (entry) {
      entry.source.disconnect();
      this.#watched.delete(id);
      if (entry.speaking) {
        this.#onChange(id, false);
      }
    }
  }

  close() {
    clearInterval(this.#timer);
    [...this.#watched.keys()].forEach((id) => this.unwatch(id));
    this.#context?.close().catch(() => {});
  }

  #sample() {
    const now = performance.now();
    for (const [id, entry] of this.#watched) {
      entry.analyser.getFloatTimeDomainData(entry.samples);
      let sum = 0;
      for (const sample of entry.samples) {
        sum += sample * sample;
      }
      if (Math.sqrt(sum / entry.samples.length) >= this.#threshold) {
        entry.lastLoud = now;
      }
      const speaking = now - entry.lastLoud < this.#holdMs;
      if (speaking !== entry.speaking) {
        entry.speaking = speaking;
        this.#onChange(id, speaking);
      }
    }
  }
}
