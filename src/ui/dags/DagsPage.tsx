import { useMemo } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { DagId } from '../../core/ids';
import type { SchedulerState } from '../../core/schedulerState';
import { isRunFinished } from '../../core/states';
import { runsOfDag } from '../../store/playgroundStore';
import { ImportDags } from '../export/ImportDags';
import { formatTime, scheduleText } from '../format';
import { useCommand, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { nextRun } from './nextRun';
import { PauseToggle } from './PauseToggle';
import { RecentRuns } from './RecentRuns';
import { TriggerForm, useTriggerForm } from './lazyTriggerForm';
import './dagsPage.css';
import { MessageText, UserText } from '../UserText';
import { displayText } from '../../core/displayText';
import { own } from '../../core/ownKeys';
import { inNextTask } from '../inNextTask';

/**
 * All DAGs at a glance, as Airflow's DAGs page: each DAG's schedule in words, its last run, its recent runs, when it
 * runs next (and, for a dataset schedule, which datasets it still waits for), the pause switch and Trigger.
 */
export function DagsPage() {
  const dags = usePlayground((s) => s.dags);
  const scheduler = usePlayground((s) => s.scheduler);
  const triggerForm = useTriggerForm();
  const formDagId = triggerForm.formDagId;
  const formDag = dags.find((d) => d.id === formDagId);
  const active = useMemo(() => (scheduler ? Object.values(scheduler.runs).filter((r) => !isRunFinished(r.state)).length : 0), [scheduler]);
  const paused = dags.filter((d) => own(scheduler?.paused, d.id) === true).length;

  return (
    <section className="dags-page" aria-labelledby="dags-title" data-testid="dags-page">
      <header className="dags-page-header">
        <div>
          <h2 id="dags-title">DAGs</h2>
          <p className="muted small" data-testid="dags-summary">
            {dags.length} DAG{dags.length === 1 ? '' : 's'} · {active} run{active === 1 ? '' : 's'} in progress · {paused} paused
          </p>
        </div>
        <ImportDags />
      </header>
      <div className="dags-table-scroll">
        <table className="dags-table" data-testid="dags-table">
          <caption className="visually-hidden">Every DAG, its schedule, runs and controls</caption>
          <thead>
            <tr>
              <th scope="col">DAG</th>
              <th scope="col">schedule</th>
              <th scope="col">last run</th>
              <th scope="col">recent runs</th>
              <th scope="col">next run</th>
              <th scope="col">active</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dags.map((dag) => (
              <DagRow key={dag.id} dag={dag} scheduler={scheduler} onTrigger={triggerForm.open} />
            ))}
          </tbody>
        </table>
      </div>
      {formDag && <TriggerForm key={formDag.id} dag={formDag} onClose={triggerForm.close} />}
    </section>
  );
}

function DagRow({ dag, scheduler, onTrigger }: { dag: DagDefinition; scheduler: SchedulerState | null; onTrigger: (id: DagId) => void }) {
  const store = usePlaygroundStore();
  const execute = useCommand();
  const ready = usePlayground((s) => s.status === 'ready');
  const runs = useMemo(() => runsOfDag(scheduler, dag.id), [scheduler, dag.id]);
  const last = runs[0];
  const paused = own(scheduler?.paused, dag.id) === true;
  const next = nextRun(dag, scheduler);
  const hasParams = Object.keys(dag.params ?? {}).length > 0;
  // In a task of its own: the click's handling and the DAG view's render are two short tasks, not one long.
  const open = () => inNextTask(() => store.setState({ view: 'dag', selectedDagId: dag.id, selectedRunId: null, selectedTaskId: null }));

  return (
    <tr className={paused ? 'dag-row is-paused' : 'dag-row'} data-testid={`dag-row-${dag.id}`} data-paused={paused}>
      <th scope="row">
        <button type="button" className="link-button dag-row-open" data-testid={`open-dag-${dag.id}`} onClick={open}>
          {paused && <span aria-hidden="true">‖ </span>}
          <UserText text={dag.id} />
        </button>
        {dag.description && (
          <p className="dag-row-description muted small">
            <UserText text={dag.description} max={200} />
          </p>
        )}
      </th>
      <td data-testid={`dag-schedule-${dag.id}`}>
        <span aria-hidden="true">{dag.schedule.type === 'datasets' ? '⛁ ' : '▷ '}</span>
        {dag.schedule.type === 'datasets' ? (
          <code>
            <MessageText text={scheduleText(dag.schedule)} />
          </code>
        ) : (
          scheduleText(dag.schedule)
        )}
      </td>
      <td>
        {last ? (
          <>
            <StateBadge state={last.state} testId={`dag-last-run-${dag.id}`} />
            <span className="muted small nowrap"> {formatTime(last.startDate ?? last.queuedAt)}</span>
          </>
        ) : (
          <span className="muted">no runs yet</span>
        )}
      </td>
      <td>
        <RecentRuns dagId={dag.id} runs={runs} />
      </td>
      <td data-testid={`next-run-${dag.id}`} data-status={next.status} className={`next-run is-${next.status}`}>
        <span aria-hidden="true">{next.status === 'waiting' ? '◷ ' : next.status === 'due' ? '▶ ' : next.status === 'paused' ? '‖ ' : ''}</span>
        <MessageText text={next.text} />
      </td>
      <td>
        <PauseToggle dagId={dag.id} />
      </td>
      <td>
        <button
          type="button"
          className="primary nowrap"
          data-testid={`trigger-${dag.id}`}
          disabled={!ready}
          aria-label={`Trigger ${displayText(dag.id)}${hasParams ? '…' : ''}`}
          aria-haspopup={hasParams ? 'dialog' : undefined}
          onClick={() => (hasParams ? onTrigger(dag.id) : execute({ type: 'trigger', dagId: dag.id, params: {} }))}
        >
          ▶ Trigger{hasParams && '…'}
        </button>
      </td>
    </tr>
  );
}
