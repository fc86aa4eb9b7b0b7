import { writeFileSync } from 'node:fs';

/**
 * Writes a WAV file (48 kHz, mono, 16-bit PCM) holding a steady tone: something for a fake microphone to say, louder
 * and steadier than Chromium's occasional beep. `amplitude` is of full scale (0.3: about -13 dBov RMS).
 */
export function writeToneWav(path, { seconds = 2, hz = 440, amplitude = 0.3 } = {}) {
  const rate = 48000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8);
  wav.write('fmt ', 12);
  wav.writeUInt32LE(16, 16); // format chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  }
  writeFileSync(path, wav);
  return path;
}
