import type { RunId } from '../core/ids';
import type { PlaygroundClient } from '../runtime/commands/playgroundCommand';
import { mergeLogLines, type PlaygroundStore } from '../store/playgroundStore';

/**
 * Loads a past run's stored log into the store (live runs stream theirs): from this tab's IndexedDB or from the
 * scheduling tab's. Asked once per run; a refusal (a tab taking over, a silent scheduling tab) is asked again next time.
 */
export function runLogLoader(client: PlaygroundClient, store: PlaygroundStore, ready: Promise<void>): (runId: RunId) => Promise<void> {
  const asked = new Set<RunId>();
  return async (runId) => {
    // A deep link asks for a run's logs before boot has finished: wait for it rather than drop the request.
    await ready;
    if (asked.has(runId)) return;
    asked.add(runId);
    const result = await client.execute({ type: 'readRunLogs', runId });
    // Lines that streamed in meanwhile are already in the store; keep each (run, task, try, seq) once.
    if (result.ok) store.setState((state) => mergeLogLines(state, result.lines));
    else asked.delete(runId);
  };
}
