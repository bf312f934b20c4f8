/**
 * Runs `work(start, end)` over `count` items, at most `size` to a task, each slice in a task of its own after the
 * current one, then `done()`. For DOM work too big for one task on a thread that shares two cores with busy workers
 * (issue 16: no main-thread task over 50 ms). Each slice is a MessageChannel message: not clamped like a nested timer,
 * nor throttled to once a second like a timer in a hidden tab. Returns a cancel, after which nothing more runs.
 */
export function inSlices(count: number, size: number, work: (start: number, end: number) => void, done: () => void): () => void {
  const channel = new MessageChannel();
  const step = Math.max(1, Math.floor(size));
  let at = 0;
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    channel.port1.onmessage = null;
    channel.port1.close();
  };
  channel.port1.onmessage = () => {
    if (cancelled) return;
    const end = Math.min(count, at + step);
    work(at, end);
    at = end;
    // `work` may have cancelled (the view was destroyed in it).
    if (cancelled) return;
    if (at < count) {
      channel.port2.postMessage(null);
      return;
    }
    cancel();
    done();
  };
  channel.port2.postMessage(null);
  return cancel;
}
