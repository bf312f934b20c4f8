import { useEffect, useMemo, type ReactNode } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { RunId, TaskId } from '../../core/ids';
import { findTask, type DagRun } from '../../core/model';
import { assertNever, isRunFinished } from '../../core/states';
import type { DagTab } from '../../store/playgroundStore';
import { runsOfDag, shownRun } from '../../store/playgroundStore';
import { GraphView } from '../../viz/GraphView';
import { Legend } from '../../viz/Legend';
import { ExportMenu } from '../export/ExportMenu';
import { formatDuration, formatTime, scheduleText, span } from '../format';
import { LogPanel } from '../logs/LogPanel';
import { MetricsPanel } from '../model/MetricsPanel';
import { useLoadRunLogs, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { StateBadge } from '../StateBadge';
import { CodeView } from './CodeView';
import { DagTabs, panelId, tabId } from './DagTabs';
import { GanttView } from './GanttView';
import { GridView } from './GridView';
import { RunActions } from './RunActions';
import { TaskDetails } from './TaskDetails';
import { useNow } from './useNow';
import './dagView.css';
import { UserText } from '../UserText';
import { displayText } from '../../core/displayText';

/**
 * One DAG, as Airflow's DAG page: a header (schedule, export, the shown run), a tab per view — Graph, Grid, Gantt,
 * Code — and, beside the run views, the selected task instance's details and log.
 */
export function DagView() {
  const loadRunLogs = useLoadRunLogs();
  const dag = usePlayground((s) => s.dags.find((d) => d.id === s.selectedDagId)!);
  const run = usePlayground(shownRun);
  const tab = usePlayground((s) => s.dagTab);

  useEffect(() => {
    if (run) loadRunLogs(run.id);
  }, [run, loadRunLogs]);

  return (
    <section className="dag-view" aria-labelledby="dag-title" data-testid="dag-view" data-tab={tab}>
      <header className="dag-view-header">
        <div className="dag-view-title">
          <h2 id="dag-title">
            <span aria-hidden="true">{dag.schedule.type === 'datasets' ? '⛁ ' : '▷ '}</span>
            <UserText text={dag.id} />
          </h2>
          <p className="muted">
            {dag.description && <UserText text={dag.description} max={300} />}
            {dag.description && ' · '}schedule: <strong>{scheduleText(dag.schedule)}</strong>
          </p>
        </div>
        <ExportMenu dag={dag} />
        {tab !== 'code' && <RunPicker />}
      </header>
      <DagTabs />
      {tab !== 'code' && (run ? <RunSummary run={run} /> : <NoRunSummary />)}
      <div className="dag-tab-panel" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)}>
        <TabBody tab={tab} dag={dag} run={run} />
      </div>
    </section>
  );
}

function TabBody({ tab, dag, run }: { tab: DagTab; dag: DagDefinition; run: DagRun | null }) {
  switch (tab) {
    case 'graph':
      return <WithSidePanel dag={dag} run={run} main={<GraphPanel dag={dag} run={run} />} />;
    case 'grid':
      return <WithSidePanel dag={dag} run={run} main={<GridView dag={dag} />} />;
    case 'gantt':
      return <WithSidePanel dag={dag} run={run} main={<GanttView dag={dag} run={run} />} />;
    case 'code':
      return <CodeView dag={dag} run={run} />;
    default:
      return assertNever(tab, 'DAG tab');
  }
}

function RunPicker() {
  const store = usePlaygroundStore();
  const dagId = usePlayground((s) => s.selectedDagId);
  const scheduler = usePlayground((s) => s.scheduler);
  const run = usePlayground(shownRun);
  const runs = useMemo(() => runsOfDag(scheduler, dagId), [scheduler, dagId]);
  return (
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
            {displayText(r.id)} — {r.state}
          </option>
        ))}
      </select>
    </label>
  );
}

function RunSummary({ run }: { run: DagRun }) {
  const store = usePlaygroundStore();
  const live = !isRunFinished(run.state);
  const now = useNow(live, 1_000);
  return (
    <div className="run-summary" data-testid="run-summary">
      <StateBadge state={run.state} testId="run-state" />
      <span>{run.runType === 'dataset_triggered' ? 'triggered by asset' : 'triggered by hand'}</span>
      <span
        className="chip"
        data-testid="dag-version"
        data-version={run.dagVersion ?? ''}
        title={run.dagVersion === undefined ? 'A built-in or imported DAG: its definition has no saved versions' : `The run was created with version ${run.dagVersion} of the DAG; its Code tab shows that version`}
      >
        {run.dagVersion === undefined ? 'built-in version' : `v${run.dagVersion}`}
      </span>
      {run.triggeringEvents.map((event) => (
        <a
          key={event.id}
          className="chip"
          href={`#/assets/${encodeURIComponent(event.datasetId)}`}
          title={`Asset event #${event.id}${event.versionId ? `, version ${event.versionId}` : ''}: open the asset`}
          onClick={(e) => {
            e.preventDefault();
            store.setState({ view: 'datasets', selectedDatasetId: event.datasetId });
          }}
        >
          <span aria-hidden="true">⛁ </span>
          <UserText text={event.datasetId} /> #{event.id} from {event.source ? <UserText text={event.source.dagId} /> : 'a manual event'}
        </a>
      ))}
      <span className="muted">
        started {formatTime(run.startDate)} ·{' '}
        {live && run.startDate !== null ? `running for ${formatDuration(now - run.startDate)}` : formatDuration(span(run.startDate, run.endDate))}
      </span>
      <RunActions run={run} />
    </div>
  );
}

/**
 * The summary row before a DAG's first run, as tall as a run's: the first Trigger then fills the row in rather than
 * pushing the graph down, which would refit and lay out the whole graph again in the run's first frames.
 */
function NoRunSummary() {
  return (
    <div className="run-summary run-summary-empty" data-testid="run-summary-empty">
      <span className="muted">No run yet</span>
    </div>
  );
}

function GraphPanel({ dag, run }: { dag: DagDefinition; run: DagRun | null }) {
  const store = usePlaygroundStore();
  const selectedTaskId = usePlayground((s) => s.selectedTaskId);
  // The edges change only with the DAG: one array across runs, which the graph view recognises without comparing it.
  const edges = useMemo(() => dag.tasks.flatMap((task) => task.upstream.map((up) => ({ source: up, target: task.id }))), [dag]);
  const model = useMemo(() => {
    // One lookup table per render: findTask per node would scan the run for each of 1,000 tasks (a million steps).
    const instances = new Map(run?.tasks.map((ti) => [ti.taskId, ti]));
    return {
      nodes: dag.tasks.map((task) => {
        const ti = instances.get(task.id);
        const state = ti?.state ?? 'none';
        return {
          id: task.id,
          label: task.id,
          sublabel: ti && ti.tryNumber > 0 ? `${state} · try ${ti.tryNumber}` : state,
          state,
          kind: 'task' as const,
        };
      }),
      edges,
      selectedId: selectedTaskId,
    };
  }, [dag, edges, run, selectedTaskId]);
  return (
    <div className="graph-panel">
      <GraphView
        model={model}
        ariaLabel={`Task graph of ${displayText(dag.id)}`}
        testId="dag-graph"
        nodeNoun="task"
        onSelect={(id) => store.setState({ selectedTaskId: id as TaskId })}
      />
      <Legend />
    </div>
  );
}

/** A run view beside the selected task's details and log (or a hint of what to do). */
function WithSidePanel({ dag, run, main }: { dag: DagDefinition; run: DagRun | null; main: ReactNode }) {
  const selectedTaskId = usePlayground((s) => s.selectedTaskId);
  const tab = usePlayground((s) => s.dagTab);
  const where = tab === 'grid' ? 'a square of the grid' : tab === 'gantt' ? 'a task of the chart' : 'a task in the graph';
  return (
    <div className="dag-view-body">
      {main}
      <aside className="side-panel" aria-label="Task instance">
        <MetricsPanel />
        {selectedTaskId && run && findTask(run, selectedTaskId) ? (
          <>
            <TaskDetails run={run} taskId={selectedTaskId} dag={dag} />
            <LogPanel run={run} taskId={selectedTaskId} />
          </>
        ) : (
          <p className="muted hint">
            {run
              ? `Select ${where} to see its tries, outputs and logs.`
              : dag.schedule.type === 'datasets'
                ? `No runs yet: this DAG starts by itself when ${scheduleText(dag.schedule).replace(/^on /, '')} is updated.`
                : 'No runs yet: press Trigger to start one.'}
          </p>
        )}
      </aside>
    </div>
  );
}
