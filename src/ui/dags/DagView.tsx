import { useEffect, useMemo } from 'react';
import type { RunId, TaskId } from '../../core/ids';
import { findTask } from '../../core/model';
import { runsOfDag, shownRun } from '../../store/playgroundStore';
import { GraphView } from '../../viz/GraphView';
import { Legend } from '../../viz/Legend';
import { formatDuration, formatTime, scheduleText, span } from '../format';
import { ExportMenu } from '../export/ExportMenu';
import { LogPanel } from '../logs/LogPanel';
import { MetricsPanel } from '../model/MetricsPanel';
import { useActions, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { RunActions } from './RunActions';
import { TaskDetails } from './TaskDetails';

/** One DAG: its runs, a live graph of the shown run's task states, the selected task's details and logs. */
export function DagView() {
  const store = usePlaygroundStore();
  const { loadRunLogs } = useActions();
  const dagId = usePlayground((s) => s.selectedDagId);
  const dag = usePlayground((s) => s.dags.find((d) => d.id === s.selectedDagId)!);
  const scheduler = usePlayground((s) => s.scheduler);
  const run = usePlayground(shownRun);
  const selectedTaskId = usePlayground((s) => s.selectedTaskId);
  const runs = useMemo(() => runsOfDag(scheduler, dagId), [scheduler, dagId]);

  useEffect(() => {
    if (run) loadRunLogs(run.id);
  }, [run, loadRunLogs]);

  const model = useMemo(
    () => ({
      nodes: dag.tasks.map((task) => {
        const ti = run ? findTask(run, task.id) : undefined;
        const state = ti?.state ?? 'none';
        return {
          id: task.id,
          label: task.id,
          sublabel: ti && ti.tryNumber > 0 ? `${state} · try ${ti.tryNumber}` : state,
          state,
          kind: 'task' as const,
        };
      }),
      edges: dag.tasks.flatMap((task) => task.upstream.map((up) => ({ source: up, target: task.id }))),
      selectedId: selectedTaskId,
    }),
    [dag, run, selectedTaskId],
  );

  return (
    <section className="dag-view" aria-labelledby="dag-title" data-testid="dag-view">
      <header className="dag-view-header">
        <div>
          <h2 id="dag-title">{dag.id}</h2>
          <p className="muted">
            {dag.description} · schedule: <strong>{scheduleText(dag.schedule)}</strong>
          </p>
        </div>
        <ExportMenu dag={dag} />
        <label className="run-picker">
          Run
          <select
            data-testid="run-picker"
            value={run?.id ?? ''}
            onChange={(e) => store.setState({ selectedRunId: (e.target.value || null) as RunId | null, selectedTaskId: null })}
            disabled={runs.length === 0}
          >
            {runs.length === 0 && <option value="">no runs yet</option>}
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.runType === 'dataset_triggered' ? '⛁ ' : '▷ '}
                {r.id} — {r.state}
              </option>
            ))}
          </select>
        </label>
      </header>

      {run && (
        <div className="run-summary" data-testid="run-summary">
          <StateBadge state={run.state} testId="run-state" />
          <span>{run.runType === 'dataset_triggered' ? 'triggered by dataset' : 'triggered by hand'}</span>
          {run.triggeringEvents.map((event) => (
            <span key={event.id} className="chip" title={event.versionId ?? ''}>
              ⛁ {event.datasetId} #{event.id} from {event.source?.dagId ?? 'manual'}
            </span>
          ))}
          <span className="muted">
            started {formatTime(run.startDate)} · {formatDuration(span(run.startDate, run.endDate))}
          </span>
          <RunActions run={run} />
        </div>
      )}

      <div className="dag-view-body">
        <div className="graph-panel">
          <GraphView
            model={model}
            ariaLabel={`Task graph of ${dag.id}`}
            testId="dag-graph"
            onSelect={(id) => store.setState({ selectedTaskId: id as TaskId })}
          />
          <Legend />
        </div>
        <aside className="side-panel">
          <MetricsPanel />
          {selectedTaskId && run ? (
            <>
              <TaskDetails run={run} taskId={selectedTaskId} dag={dag} />
              <LogPanel run={run} taskId={selectedTaskId} />
            </>
          ) : (
            <p className="muted hint">
              {run
                ? 'Select a task in the graph to see its tries and logs.'
                : dag.schedule.type === 'datasets'
                  ? `No runs yet: this DAG starts by itself when ${scheduleText(dag.schedule).replace(/^on /, '')} is updated.`
                  : 'No runs yet: press Trigger to start one.'}
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
