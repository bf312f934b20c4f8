import { interpolateRgbBasis, scaleDiverging, type ScaleDiverging } from 'd3';
import { divergingBucket } from './pointBuckets';

/**
 * Prediction error as colour: under-predicted blue, about right grey, over-predicted red. The middle is a mid grey,
 * not white, so points with small errors stay visible on a light and on a dark background alike.
 */
const interpolateError = interpolateRgbBasis(['#2166ac', '#67a9cf', '#9a9a9a', '#ef8a62', '#b2182b']);

/** A d3 diverging scale over residual = prediction − actual, clamped to ±halfWidth. */
export function errorColourScale(halfWidth: number): ScaleDiverging<string> {
  const h = halfWidth > 0 ? halfWidth : 1;
  return scaleDiverging(interpolateError).domain([-h, 0, h]).clamp(true);
}

/** The colours of `count` equal buckets over ±halfWidth (each bucket's centre), for one canvas path per colour. */
export function errorBucketColours(halfWidth: number, count: number): string[] {
  const scale = errorColourScale(halfWidth);
  const h = halfWidth > 0 ? halfWidth : 1;
  return Array.from({ length: count }, (_, b) => scale(-h + ((b + 0.5) * 2 * h) / count));
}

/** Each residual's bucket among `count` (NaN → -1, hidden). */
export function errorBuckets(residuals: ArrayLike<number>, halfWidth: number, count: number): Int16Array {
  const out = new Int16Array(residuals.length);
  for (let i = 0; i < residuals.length; i++) out[i] = divergingBucket(residuals[i]!, halfWidth, count);
  return out;
}
