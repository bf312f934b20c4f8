import type { DagIndex } from './dagIndex';
import type { TaskInstance } from './model';
import type { TaskState } from './states';
import type { UpstreamCounts } from './triggerRules';

/**
 * The trigger rules' upstream counts of every task of a run, kept up to date as its task instances change, instead
 * of recounted at each evaluation: in a 10,000-way fan-in the sink is evaluated each time one of its upstreams
 * finishes, and counting its 9,998 upstreams every time made a run's scheduling quadratic.
 *
 * A memo, like indexDag's: derived from one task-instance array (and the DAG index it was counted under) and valid
 * for exactly that array. The scheduler's draft moves it to the copy it makes of a run's array and updates it on
 * each change it writes there (`moveFanIn`, `noteStateChange`); any other array is counted afresh the first time it
 * is asked about (`upstreamCountsAt`). So the counts always equal `countUpstreamStates` over the array as it is.
 */

/** Per task, five counters: removed upstreams (they do not count at all), then success, failed, upstream_failed, skipped. */
const WIDTH = 5;
const REMOVED = 0;

interface FanIn {
  readonly index: DagIndex;
  readonly counts: Int32Array;
}

const memo = new WeakMap<readonly TaskInstance[], FanIn>();

/** Which counter a state adds to, or -1 for states that count only toward the total (not done yet). */
function slotOf(state: TaskState): number {
  switch (state) {
    case 'removed':
      return REMOVED;
    case 'success':
      return 1;
    case 'failed':
      return 2;
    case 'upstream_failed':
      return 3;
    case 'skipped':
      return 4;
    default:
      return -1;
  }
}

function count(tasks: readonly TaskInstance[], index: DagIndex): FanIn {
  const counts = new Int32Array(index.size * WIDTH);
  for (let position = 0; position < index.size; position++) {
    const slot = slotOf(tasks[position]!.state);
    if (slot < 0) continue;
    for (const down of index.downstream[position]!) counts[down * WIDTH + slot] = counts[down * WIDTH + slot]! + 1;
  }
  return { index, counts };
}

function fanInOf(tasks: readonly TaskInstance[], index: DagIndex): FanIn {
  let fanIn = memo.get(tasks);
  if (!fanIn || fanIn.index !== index) memo.set(tasks, (fanIn = count(tasks, index)));
  return fanIn;
}

/** The upstream counts of the task at `position`, as `countUpstreamStates` would count them over `tasks`. */
export function upstreamCountsAt(tasks: readonly TaskInstance[], index: DagIndex, position: number): UpstreamCounts {
  const { counts } = fanInOf(tasks, index);
  const at = position * WIDTH;
  const success = counts[at + 1]!;
  const failed = counts[at + 2]!;
  const upstreamFailed = counts[at + 3]!;
  const skipped = counts[at + 4]!;
  return {
    total: index.upstream[position]!.length - counts[at + REMOVED]!,
    success,
    failed,
    upstreamFailed,
    skipped,
    done: success + failed + upstreamFailed + skipped,
  };
}

/**
 * `to` is a copy of `from` that replaces it for the scheduler: its counts go with it (counted for `from` as it is, so
 * call this before changing `to`). `from` keeps none: asked again, it is counted afresh.
 */
export function moveFanIn(from: readonly TaskInstance[], to: readonly TaskInstance[]): void {
  const fanIn = memo.get(from);
  if (!fanIn) return;
  memo.delete(from);
  memo.set(to, fanIn);
}

/** The task at `position` of `tasks` went from state `before` to `after` (written in place): its downstream counts follow. */
export function noteStateChange(tasks: readonly TaskInstance[], index: DagIndex, position: number, before: TaskState, after: TaskState): void {
  const fanIn = memo.get(tasks);
  if (!fanIn) return;
  if (fanIn.index !== index || position >= index.size) {
    if (fanIn.index !== index) memo.delete(tasks);
    return;
  }
  const from = slotOf(before);
  const to = slotOf(after);
  if (from === to) return;
  const { counts } = fanIn;
  for (const down of index.downstream[position]!) {
    if (from >= 0) counts[down * WIDTH + from] = counts[down * WIDTH + from]! - 1;
    if (to >= 0) counts[down * WIDTH + to] = counts[down * WIDTH + to]! + 1;
  }
}
