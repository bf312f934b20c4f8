/**
 * Pieces of main-thread work one per animation frame: canvas redraws of 20k points, the statistics of one column. A
 * page that did them all at once would block for one long task (tens of milliseconds without a GPU, more on a busy
 * machine); queued, each frame stays short and input is handled between.
 */
const queue: (() => void)[] = [];
let scheduled = false;

function runNext() {
  scheduled = false;
  const next = queue.shift();
  next?.();
  if (queue.length > 0) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(runNext);
}

/** Runs `task` in a frame of its own, after the tasks queued before it; the returned function cancels it. */
export function queueFrameTask(task: () => void): () => void {
  queue.push(task);
  schedule();
  return () => {
    const at = queue.indexOf(task);
    if (at >= 0) queue.splice(at, 1);
  };
}

/** The [min, max] of the finite values, without copying them; undefined when there are none. */
export function finiteExtent(values: ArrayLike<number>): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return min <= max ? [min, max] : undefined;
}
