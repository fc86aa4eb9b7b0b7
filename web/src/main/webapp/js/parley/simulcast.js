/**
 * Simulcast: the camera is sent as up to three layers (lowest first, as the server expects), so that each
 * subscriber gets the best one its own link carries. A frame too small to split is sent as one layer. A shared
 * screen is sent as two layers of the same size at different frame rates.
 *
 * Every layer keeps both sides multiples of 16 (Android hardware encoders distort other sizes): the capture is
 * cropped to multiples of 16 times the largest scale-down, see `layerUnit`.
 */

const THREE_LAYERS = Object.freeze([
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_000_000 },
]);

const TWO_LAYERS = Object.freeze([
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 300_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_000_000 },
]);

/** The encodings to send a frame `width` pixels wide with: three layers from 960, two from 480, else one (null). */
export function simulcastEncodings(width) {
  if (width >= 960) {
    return THREE_LAYERS.map((layer) => ({ ...layer }));
  }
  if (width >= 480) {
    return TWO_LAYERS.map((layer) => ({ ...layer }));
  }
  return null;
}

/**
 * A shared screen: two layers at full resolution, text stays sharp in both; the lower one gives up frame rate and
 * bits instead, for subscribers whose link cannot carry the full one.
 */
const SCREEN_LAYERS = Object.freeze([
  { rid: 'q', scaleResolutionDownBy: 1, maxFramerate: 3, maxBitrate: 250_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxFramerate: 15, maxBitrate: 2_500_000 },
]);

/** The encodings to send a shared screen with. */
export function screenEncodings() {
  return SCREEN_LAYERS.map((layer) => ({ ...layer }));
}

/** What both sides of a capture `width` wide must be multiples of, so that every layer's are multiples of 16. */
export function layerUnit(width) {
  const encodings = simulcastEncodings(width) ?? [{ scaleResolutionDownBy: 1 }];
  return 16 * Math.max(...encodings.map((encoding) => encoding.scaleResolutionDownBy));
}
