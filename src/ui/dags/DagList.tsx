import { runsOfDag } from '../../store/playgroundStore';
import { scheduleText } from '../format';
import { useActions, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { queueStatus } from './queueStatus';

/** Every DAG with its schedule, its last run and a Trigger button, like Airflow's DAGs page. */
export function DagList() {
  const dags = usePlayground((s) => s.dags);
  const scheduler = usePlayground((s) => s.scheduler);
  const selected = usePlayground((s) => s.selectedDagId);
  const view = usePlayground((s) => s.view);
  const ready = usePlayground((s) => s.status === 'ready');
  const store = usePlaygroundStore();
  const { trigger } = useActions();

  return (
    <nav className="dag-list" aria-label="DAGs">
      <h2>DAGs</h2>
      <ul>
        {dags.map((dag) => {
          const last = runsOfDag(scheduler, dag.id)[0];
          const isSelected = view === 'dag' && selected === dag.id;
          const waiting = queueStatus(dag, scheduler);
          return (
            <li key={dag.id} className={isSelected ? 'dag-card is-selected' : 'dag-card'} data-testid={`dag-card-${dag.id}`}>
              <button
                type="button"
                className="dag-card-open"
                data-testid={`open-dag-${dag.id}`}
                aria-current={isSelected ? 'page' : undefined}
                onClick={() => store.setState({ view: 'dag', selectedDagId: dag.id, selectedRunId: null, selectedTaskId: null })}
              >
                <span className="dag-name">{dag.id}</span>
                <span className="dag-schedule" data-testid={`dag-schedule-${dag.id}`}>
                  {dag.schedule.type === 'datasets' ? '⛁ ' : '▷ '}
                  {scheduleText(dag.schedule)}
                </span>
                {waiting && <span className="dag-waiting">{waiting}</span>}
              </button>
              <div className="dag-card-footer">
                {last ? (
                  <StateBadge state={last.state} testId={`dag-last-run-${dag.id}`} />
                ) : (
                  <span className="muted">no runs yet</span>
                )}
                <button
                  type="button"
                  className="primary"
                  data-testid={`trigger-${dag.id}`}
                  disabled={!ready}
                  aria-label={`Trigger ${dag.id}`}
                  onClick={() => trigger(dag.id)}
                >
                  ▶ Trigger
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
