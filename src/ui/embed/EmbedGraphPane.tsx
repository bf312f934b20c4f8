import { useMemo } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { EmbedRunState } from '../../embed/protocol';
import { GraphView } from '../../viz/GraphView';
import type { GraphModel } from '../../viz/graphView';
import { STATE_STYLE } from '../../viz/stateStyle';

function modelOf(dag: DagDefinition, run: EmbedRunState | undefined, selected: string | null): GraphModel {
  return {
    nodes: dag.tasks.map((task) => {
      const state = run?.tasks[task.id] ?? 'none';
      const tries = run?.tries[task.id] ?? 0;
      return { id: task.id, label: task.id, sublabel: `${STATE_STYLE[state].label}${tries > 1 ? ` · try ${tries}` : ''}`, state, kind: 'task' as const };
    }),
    edges: dag.tasks.flatMap((task) => task.upstream.map((up) => ({ source: up, target: task.id }))),
    selectedId: selected,
  };
}

/**
 * The file's DAGs (one at a time, picked by the buttons above) with each task coloured by its state in this embed's
 * latest run of that DAG; a node selects its task for the logs pane.
 */
export function EmbedGraphPane(props: {
  dags: readonly DagDefinition[];
  dagId: string | null;
  run: EmbedRunState | undefined;
  selectedTask: string | null;
  onDag: (dagId: string) => void;
  onTask: (taskId: string) => void;
  reading: boolean;
}) {
  const dag = props.dags.find((d) => d.id === props.dagId) ?? props.dags[0];
  const model = useMemo(() => (dag ? modelOf(dag, props.run, props.selectedTask) : null), [dag, props.run, props.selectedTask]);
  return (
    <section className="embed-pane embed-graph" aria-label="Graph" data-testid="embed-graph">
      {props.dags.length > 1 && (
        <div className="embed-dag-picker" role="group" aria-label="DAG shown">
          {props.dags.map((d) => (
            <button key={d.id} type="button" aria-pressed={d.id === dag?.id} onClick={() => props.onDag(d.id)}>
              <bdi>{d.id}</bdi>
            </button>
          ))}
        </div>
      )}
      {dag && model ? (
        <>
          <p className="embed-run-line small" data-testid="embed-run-state" data-state={props.run?.state ?? 'none'}>
            <bdi>{dag.id}</bdi>: {props.run ? `run ${props.run.state}` : 'not run yet'}
          </p>
          <GraphView model={model} ariaLabel={`Tasks of ${dag.id} and their states`} testId={`embed-graph-${dag.id}`} onSelect={props.onTask} nodeNoun="task" />
        </>
      ) : (
        <p className="muted">{props.reading ? 'Reading the file…' : 'The file declares no DAG that reads cleanly.'}</p>
      )}
    </section>
  );
}
