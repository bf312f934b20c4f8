import { useMemo } from 'react';
import type { DagFileResult } from '../../authoring/dagFileResult';
import type { DagDefinition } from '../../core/dag';
import { GraphView } from '../../viz/GraphView';
import type { GraphModel } from '../../viz/graphView';

/** What a task is, in a few words under its id: the operator it uses, or the kind of function. */
function taskKind(task: DagDefinition['tasks'][number]): string {
  if (task.operator) return task.operator;
  if (task.kind === 'branch') return 'branch function';
  if (task.kind === 'short_circuit') return 'short-circuit function';
  return 'function';
}

function modelOf(dag: DagDefinition): GraphModel {
  return {
    nodes: dag.tasks.map((task) => ({ id: task.id, label: task.id, sublabel: taskKind(task), state: 'none' as const, kind: 'task' as const })),
    edges: dag.tasks.flatMap((task) => task.upstream.map((up) => ({ source: up, target: task.id }))),
  };
}

function DagGraph({ dag, onSelect }: { dag: DagDefinition; onSelect: (taskId: string) => void }) {
  const model = useMemo(() => modelOf(dag), [dag]);
  return (
    <section className="editor-dag" aria-label={`DAG ${dag.id}`}>
      <h3>
        {dag.id}
        <span className="muted small">
          {dag.tasks.length} {dag.tasks.length === 1 ? 'task' : 'tasks'} · {dag.schedule.type === 'manual' ? 'triggered by hand' : 'on assets'}
        </span>
      </h3>
      <GraphView model={model} ariaLabel={`Tasks of ${dag.id} as the file declares them`} testId={`editor-graph-${dag.id}`} onSelect={onSelect} />
    </section>
  );
}

/**
 * The DAGs the file declares, one graph each, stacked, updated as the person types. While the file does not read
 * cleanly the last good graph stays, marked stale. A node goes to the line that declares its task.
 */
export function EditorGraph({ result, lastGood, onJump }: { result: DagFileResult | null; lastGood: DagFileResult | null; onJump: (line: number, column: number) => void }) {
  const shown = lastGood;
  const stale = shown !== null && result !== shown;
  const select = (dagId: string) => (taskId: string) => {
    const at = shown?.locations.find((l) => l.dagId === dagId && l.taskId === taskId);
    if (at) onJump(at.line, at.column);
  };
  return (
    <div className="editor-graph" data-testid="editor-graph" data-stale={stale ? 'true' : 'false'} data-dag-count={shown?.dags.length ?? 0}>
      {stale && (
        <p className="editor-stale" role="status">
          The file has problems: this is its last graph that read cleanly.
        </p>
      )}
      {!shown && <p className="muted">{result ? 'The file declares no DAG yet: new Dag(\'my_dag\') declares one.' : 'Reading the file…'}</p>}
      {shown?.dags.map((dag) => <DagGraph key={dag.id} dag={dag} onSelect={select(dag.id)} />)}
    </div>
  );
}
