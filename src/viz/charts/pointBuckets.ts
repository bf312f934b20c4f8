/**
 * Canvas scatter plots of ~20k points: drawing point by point with a fillStyle change each time costs tens of
 * milliseconds; grouping the points by colour first and filling one path per colour keeps a full redraw to a few.
 */

/** Points grouped by colour bucket: bucket b holds `order[offsets[b]] … order[offsets[b + 1] - 1]`. */
export interface PointBuckets {
  readonly order: Uint32Array;
  readonly offsets: Uint32Array;
}

/**
 * A counting sort of point indices by bucket (stable: within a bucket, points keep their order). A bucket outside
 * 0..bucketCount-1 (e.g. -1 for "hidden") leaves the point out.
 */
export function groupByBucket(bucketOf: ArrayLike<number>, bucketCount: number): PointBuckets {
  const counts = new Uint32Array(bucketCount);
  for (let i = 0; i < bucketOf.length; i++) {
    const b = bucketOf[i]!;
    if (b >= 0 && b < bucketCount) counts[b]!++;
  }
  const offsets = new Uint32Array(bucketCount + 1);
  for (let b = 0; b < bucketCount; b++) offsets[b + 1] = offsets[b]! + counts[b]!;
  const next = offsets.slice(0, bucketCount);
  const order = new Uint32Array(offsets[bucketCount]!);
  for (let i = 0; i < bucketOf.length; i++) {
    const b = bucketOf[i]!;
    if (b >= 0 && b < bucketCount) order[next[b]!++] = i;
  }
  return { order, offsets };
}

/** How many points a bucket holds. */
export const bucketSize = (buckets: PointBuckets, b: number): number => buckets.offsets[b + 1]! - buckets.offsets[b]!;

/** The part of a 2D context the scatter needs (a real CanvasRenderingContext2D, or a recorder in tests). */
export interface PointContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  globalAlpha: number;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  fill(): void;
}

/**
 * Fills each bucket's points as `size`-pixel squares in one path and one fill per bucket, buckets in order (later
 * buckets on top: put the points that matter most last). `px`, `py` are pixel positions; NaN positions are skipped.
 */
export function drawPointBuckets(
  ctx: PointContext,
  px: ArrayLike<number>,
  py: ArrayLike<number>,
  buckets: PointBuckets,
  colours: readonly string[],
  size: number,
  alpha: readonly number[] = [],
): void {
  const half = size / 2;
  for (let b = 0; b < colours.length; b++) {
    const start = buckets.offsets[b]!;
    const end = buckets.offsets[b + 1]!;
    if (end <= start) continue;
    ctx.fillStyle = colours[b]!;
    ctx.globalAlpha = alpha[b] ?? 1;
    ctx.beginPath();
    for (let k = start; k < end; k++) {
      const i = buckets.order[k]!;
      const x = px[i]!;
      const y = py[i]!;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      ctx.rect(x - half, y - half, size, size);
    }
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/**
 * Which of `count` equal-width buckets over [-halfWidth, halfWidth] a value falls in (values beyond go to the end
 * buckets; NaN → -1). With an odd count the middle bucket is centred on 0.
 */
export function divergingBucket(value: number, halfWidth: number, count: number): number {
  if (Number.isNaN(value)) return -1;
  if (!(halfWidth > 0)) return Math.floor(count / 2);
  const t = (value + halfWidth) / (2 * halfWidth);
  return Math.min(count - 1, Math.max(0, Math.floor(t * count)));
}
