import type { DagDefinition } from './dag';
import { isSatisfied, type DatasetCondition } from './datasetCondition';
import { datasetEventId, type DatasetId, type TaskId } from './ids';
import type { JsonValue } from './json';
import type { DagRun, DatasetEvent, DatasetOutput } from './model';
import { own } from './ownKeys';
import type { Draft } from './schedulerDraft';

/** One event per outlet of a task that succeeded, carrying the version it wrote for that outlet (if any). */
export function emitDatasetEvents(
  draft: Draft,
  run: DagRun,
  taskId: TaskId,
  tryNumber: number,
  outlets: readonly DatasetId[],
  outputs: readonly DatasetOutput[],
): void {
  for (const datasetId of outlets) {
    const output = outputs.find((o) => o.datasetId === datasetId);
    recordDatasetEvent(draft, datasetId, output?.versionId ?? null, output?.extra ?? {}, {
      dagId: run.dagId,
      runId: run.id,
      taskId,
      tryNumber,
    });
  }
}

/**
 * Records an event and puts it in the queue of every unpaused DAG scheduled on that dataset, replacing an older
 * one (several updates collapse into one run). A DAG whose condition then holds gets a run carrying its queue.
 * A paused DAG does not queue events (Airflow 2.9+): unpausing it does not replay what it missed.
 */
export function recordDatasetEvent(
  draft: Draft,
  datasetId: DatasetId,
  versionId: DatasetEvent['versionId'],
  extra: DatasetEvent['extra'],
  source: DatasetEvent['source'],
): DatasetEvent {
  const event: DatasetEvent = {
    id: datasetEventId(draft.takeEventId()),
    datasetId,
    versionId,
    timestamp: draft.now,
    source,
    extra,
  };
  draft.commands.push({ type: 'record_dataset_event', event });
  for (const consumer of Object.values(draft.base.dags)) {
    if (consumer.schedule.type !== 'datasets' || own(draft.paused, consumer.id)) continue;
    const condition = consumer.schedule.condition;
    if (!mentions(condition, datasetId)) continue;
    const queue: Partial<Record<DatasetId, DatasetEvent>> = { ...own(draft.datasetQueues, consumer.id), [datasetId]: event };
    if (isSatisfied(condition, (id) => own(queue, id) !== undefined)) {
      draft.datasetQueues = { ...draft.datasetQueues, [consumer.id]: {} };
      const triggering = Object.values(queue)
        .filter((e): e is DatasetEvent => e !== undefined)
        .sort((a, b) => a.id - b.id);
      draft.createRun(consumer, 'dataset_triggered', defaultParams(consumer), triggering);
    } else {
      draft.datasetQueues = { ...draft.datasetQueues, [consumer.id]: queue };
    }
  }
  return event;
}

function mentions(condition: DatasetCondition, id: DatasetId): boolean {
  return condition.type === 'dataset' ? condition.id === id : condition.of.some((c) => mentions(c, id));
}

function defaultParams(dag: DagDefinition): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(dag.params ?? {}).map(([name, spec]) => [name, spec.default]));
}
