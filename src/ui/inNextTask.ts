/**
 * Runs `work` in a task of its own, right after the current one. For a click that changes much of the page (opening
 * another DAG: the whole DAG view re-renders and its graph is built): the browser's own handling of the input (hit
 * tests, pointer and mouse events, focus) and React's render then fall into two tasks of half the size instead of one,
 * so a page whose thread gets only part of a core (a busy machine) keeps each task short (issue 16, no main-thread task
 * over 50 ms). Nothing shows in between: the store changes, and the page with it, in the second task.
 * `scheduler.postTask` at user-blocking priority runs it before other queued work where the browser has it; a
 * MessageChannel message (not clamped or throttled like a timer) elsewhere.
 */
export function inNextTask(work: () => void): void {
  const scheduler = (globalThis as { scheduler?: PostTaskScheduler }).scheduler;
  if (scheduler?.postTask) {
    // A throw stays an uncaught error, as from the message handler below, not a rejection nobody awaits.
    scheduler.postTask(work, { priority: 'user-blocking' }).catch((error: unknown) => {
      setTimeout(() => {
        throw error;
      });
    });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    work();
  };
  channel.port2.postMessage(null);
}

interface PostTaskScheduler {
  postTask(work: () => void, options: { priority: 'user-blocking' | 'user-visible' | 'background' }): Promise<void>;
}
