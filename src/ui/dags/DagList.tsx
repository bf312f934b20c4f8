import { runsOfDag } from '../../store/playgroundStore';
import { scheduleText } from '../format';
import { useCommand, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { PauseToggle } from './PauseToggle';
import { nextRun } from './nextRun';
import { TriggerForm, useTriggerForm } from './lazyTriggerForm';
import { MessageText, UserText } from '../UserText';
import { displayText } from '../../core/displayText';
import { own } from '../../core/ownKeys';
import { inNextTask } from '../inNextTask';

/**
 * The sidebar beside every page but the DAGs page: every DAG with its schedule, its last run, a pause switch and a Trigger button, like Airflow's DAGs page. A DAG that
 * declares params asks for them first, as Airflow does.
 */
export function DagList() {
  const dags = usePlayground((s) => s.dags);
  const scheduler = usePlayground((s) => s.scheduler);
  const selected = usePlayground((s) => s.selectedDagId);
  const view = usePlayground((s) => s.view);
  const ready = usePlayground((s) => s.status === 'ready');
  const store = usePlaygroundStore();
  const execute = useCommand();
  const triggerForm = useTriggerForm();
  const formDagId = triggerForm.formDagId;
  const formDag = dags.find((d) => d.id === formDagId);
  // The DAGs page lists the same DAGs in full: the sidebar would only repeat it (and its test ids).
  if (view === 'dags' || view === 'editor' || view === 'lessons') return null;

  return (
    <nav className="dag-list" aria-label="DAGs">
      <h2>DAGs</h2>
      <ul>
        {dags.map((dag) => {
          const last = runsOfDag(scheduler, dag.id)[0];
          const isSelected = view === 'dag' && selected === dag.id;
          const next = nextRun(dag, scheduler);
          const paused = own(scheduler?.paused, dag.id) === true;
          const hasParams = Object.keys(dag.params ?? {}).length > 0;
          const className = ['dag-card', isSelected && 'is-selected', paused && 'is-paused'].filter(Boolean).join(' ');
          return (
            <li key={dag.id} className={className} data-testid={`dag-card-${dag.id}`} data-paused={paused}>
              <div className="dag-card-head">
                <button
                  type="button"
                  className="dag-card-open"
                  data-testid={`open-dag-${dag.id}`}
                  aria-current={isSelected ? 'page' : undefined}
                  // In a task of its own: the click's handling and the new DAG view's render are two short tasks, not one long.
                  onClick={() => inNextTask(() => store.setState({ view: 'dag', selectedDagId: dag.id, selectedRunId: null, selectedTaskId: null }))}
                >
                  <span className="dag-name">
                    {paused && <span aria-hidden="true">‖ </span>}
                    <UserText text={dag.id} identifier />
                  </span>
                  <span className="dag-schedule" data-testid={`dag-schedule-${dag.id}`}>
                    {dag.schedule.type === 'datasets' ? '⛁ ' : '▷ '}
                    <MessageText text={scheduleText(dag.schedule)} />
                  </span>
                  {/* What pausing means differs by schedule; say it where the person just paused. */}
                  {next.status !== 'manual' && (
                    <span className="dag-waiting">
                      <MessageText text={next.text} />
                    </span>
                  )}
                </button>
                <PauseToggle dagId={dag.id} />
              </div>
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
                  aria-label={`Trigger ${displayText(dag.id)}${hasParams ? '…' : ''}`}
                  aria-haspopup={hasParams ? 'dialog' : undefined}
                  onClick={() => (hasParams ? triggerForm.open(dag.id) : execute({ type: 'trigger', dagId: dag.id, params: {} }))}
                >
                  ▶ Trigger{hasParams && '…'}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {formDag && <TriggerForm key={formDag.id} dag={formDag} onClose={triggerForm.close} />}
    </nav>
  );
}
