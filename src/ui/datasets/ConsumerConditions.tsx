import { conditionText, datasetsIn, isSatisfied } from '../../core/datasetCondition';
import type { DagDefinition } from '../../core/dag';
import type { SchedulerState } from '../../core/schedulerState';
import { runsOfDag } from '../../store/playgroundStore';
import { usePlayground } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { MessageText, UserText } from '../UserText';
import { own } from '../../core/ownKeys';

/**
 * "Why didn't it run?" for each dataset-scheduled DAG: its condition, and for each dataset in it whether an event is
 * queued for the DAG (updated since its last run) or still awaited. A paused DAG queues nothing, so it says so.
 */
export function ConsumerConditions() {
  const dags = usePlayground((s) => s.dags);
  const scheduler = usePlayground((s) => s.scheduler);
  const consumers = dags.filter((d) => d.schedule.type === 'datasets');
  if (consumers.length === 0) return null;
  return (
    <section className="consumer-conditions" aria-labelledby="conditions-title">
      <h3 id="conditions-title">Why didn't it run?</h3>
      {consumers.map((dag) => (
        <ConsumerCondition key={dag.id} dag={dag} scheduler={scheduler} />
      ))}
    </section>
  );
}

function ConsumerCondition({ dag, scheduler }: { dag: DagDefinition; scheduler: SchedulerState | null }) {
  if (dag.schedule.type !== 'datasets') return null;
  const { condition } = dag.schedule;
  const queue = own(scheduler?.datasetQueues, dag.id) ?? {};
  const paused = own(scheduler?.paused, dag.id) === true;
  const last = runsOfDag(scheduler, dag.id).find((r) => r.runType === 'dataset_triggered');
  const met = isSatisfied(condition, (id) => own(queue, id) !== undefined);

  return (
    <div className="consumer-condition" data-testid={`consumer-condition-${dag.id}`} data-paused={paused}>
      <p className="condition-head">
        <strong>
          <UserText text={dag.id} />
        </strong>{' '}
        runs on{' '}
        <code>
          <MessageText text={conditionText(condition)} />
        </code>
      </p>
      <ul className="condition-datasets">
        {datasetsIn(condition).map((datasetId) => {
          const event = own(queue, datasetId);
          return (
            <li
              key={datasetId}
              className={event ? 'condition-dataset is-updated' : 'condition-dataset is-waiting'}
              data-testid={`condition-${dag.id}-${datasetId}`}
              data-status={event ? 'updated' : 'waiting'}
            >
              <span className="condition-icon" aria-hidden="true">
                {event ? '✓' : '◷'}
              </span>
              <span className="condition-name">
                ⛁ <UserText text={datasetId} />
              </span>
              <span className="condition-status">{event ? `updated (event #${event.id})` : 'waiting'}</span>
            </li>
          );
        })}
      </ul>
      {paused ? (
        <p className="condition-paused" data-testid={`condition-paused-${dag.id}`}>
          <span aria-hidden="true">‖ </span>paused: events are not queued. Unpausing does not replay events it missed.
        </p>
      ) : (
        <p className="muted small">
          {met
            ? 'Condition met: a run is being created.'
            : 'Each new event of a waiting dataset counts; once the condition holds, a run starts and the queue empties.'}
        </p>
      )}
      <p className="small">
        last dataset-triggered run:{' '}
        {last ? (
          <>
            <code>{last.id}</code> <StateBadge state={last.state} />
          </>
        ) : (
          <span className="muted">none yet</span>
        )}
      </p>
    </div>
  );
}

