import type { DagDefinition } from '../../core/dag';
import { generateAirflowDag } from '../../export/airflow/generateAirflow';
import { dagDocument, documentText, exportFileName } from '../../dagfile/dagDocument';
import { usePlayground } from '../PlaygroundContext';
import { downloadBlob } from '../download';
import './export.css';

/** Export one DAG: as a Python file for Apache Airflow, or as the playground's own JSON (which Import DAGs reads). */
export function ExportMenu({ dag }: { dag: DagDefinition }) {
  const datasets = usePlayground((s) => s.datasets);
  return (
    <div className="export-menu" role="group" aria-label={`Export ${dag.id}`} data-testid="export-menu" data-dag={dag.id}>
      <span className="export-menu-label muted">Export</span>
      <button
        type="button"
        data-testid="export-airflow"
        title="A Python module for Apache Airflow 2.9+ (TaskFlow): same tasks, dependencies, datasets and settings"
        onClick={() => downloadBlob(new Blob([generateAirflowDag(dag, { datasets })], { type: 'text/x-python' }), exportFileName(dag.id, 'py'))}
      >
        Airflow .py
      </button>
      <button
        type="button"
        data-testid="export-json"
        title="The playground's DAG definition as JSON (the format Import DAGs reads)"
        onClick={() => downloadBlob(new Blob([documentText(dagDocument([dag], datasets))], { type: 'application/json' }), exportFileName(dag.id, 'json'))}
      >
        JSON
      </button>
    </div>
  );
}
