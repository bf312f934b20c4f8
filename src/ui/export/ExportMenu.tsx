import { useState } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { AirflowVersion } from '../../export/airflow/flavour';
import { dagDocument, documentText, exportFileName, jsonExportRefusal } from '../../dagfile/dagDocument';
import { HOUSING_CSV_PATH } from '../../pipelines/housing/datasets';
import { hasRegisteredCode } from '../../pipelines/registeredTasks';
import { usePlayground } from '../PlaygroundContext';
import { downloadBlob } from '../download';
import './export.css';

/**
 * Export one DAG: as a Python module for Apache Airflow 3 (the default) or 2.9–2.10, as the playground's own JSON
 * (which Import DAGs reads), and — for a housing DAG — the CSV its exported tasks read, to put beside the module.
 * The exporter (with its Python text) loads on the first click, not with the page. A DAG written in the page has a
 * choice for its TypeScript tasks (a Python task that raises, or @task.stub with a handler module for Airflow's
 * TypeScript SDK, downloaded beside the .py); its JSON is refused with why (the format does not hold code).
 */
export function ExportMenu({ dag }: { dag: DagDefinition }) {
  const datasets = usePlayground((s) => s.datasets);
  const [problem, setProblem] = useState<string | null>(null);
  const [stub, setStub] = useState(false);
  const authored = dag.source !== undefined;
  const readsHousingCsv = dag.tasks.some((task) => task.id === 'extract' && hasRegisteredCode(dag.id, task.id));

  async function exportAirflow(airflow: AirflowVersion) {
    setProblem(null);
    try {
      const { generateAirflowDag } = await import('../../export/airflow/generateAirflow');
      const mode = authored && stub ? 'stub' : 'raise';
      downloadBlob(new Blob([generateAirflowDag(dag, { datasets, airflow, authored: mode })], { type: 'text/x-python' }), exportFileName(dag.id, 'py'));
      if (mode === 'stub') {
        const { handlerModule } = await import('../../export/airflow/typescriptHandlers');
        const handlers = handlerModule(dag);
        if (handlers) downloadBlob(new Blob([handlers.text], { type: 'text/plain' }), handlers.path.split('/').pop()!);
      }
    } catch (error) {
      setProblem(`The Airflow export could not be made: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <div className="export-menu" role="group" aria-label={`Export ${dag.id}`} data-testid="export-menu" data-dag={dag.id}>
      <span className="export-menu-label muted">Export</span>
      <button
        type="button"
        data-testid="export-airflow"
        title="A Python module for Apache Airflow 3.2+ (airflow.sdk, assets): same tasks, dependencies, assets and settings"
        onClick={() => void exportAirflow(3)}
      >
        Airflow 3 .py
      </button>
      <button
        type="button"
        data-testid="export-airflow2"
        title="The same module for Airflow 2.9–2.10, which calls assets datasets (airflow.decorators, Dataset)"
        onClick={() => void exportAirflow(2)}
      >
        Airflow 2 .py
      </button>
      <button
        type="button"
        data-testid="export-json"
        title="The playground's DAG definition as JSON (the format Import DAGs reads)"
        onClick={() => {
          const refusal = jsonExportRefusal(dag);
          setProblem(refusal);
          if (!refusal) downloadBlob(new Blob([documentText(dagDocument([dag], datasets))], { type: 'application/json' }), exportFileName(dag.id, 'json'));
        }}
      >
        JSON
      </button>
      {authored && (
        <>
          <button
            type="button"
            data-testid="export-dag-file"
            title="The DAG file this DAG was written in (TypeScript, with its task code): open it in the editor with Open…"
            // A file from a share link was deployed as `shared/<id>/<name>`: it downloads as `<name>`.
            onClick={() => downloadBlob(new Blob([dag.source!.text], { type: 'text/typescript' }), dag.source!.fileName.split('/').pop()!)}
          >
            DAG file .ts
          </button>
          <label
            className="export-menu-choice"
            title={'Off: each task written in TypeScript becomes a Python task that keeps the code in its docstring and raises NotImplementedError. On: @task.stub(queue="typescript") for Airflow\'s TypeScript SDK, with the handler module downloaded beside the .py.'}
          >
            <input type="checkbox" data-testid="export-authored-stub" checked={stub} onChange={(event) => setStub(event.target.checked)} />
            TypeScript tasks as @task.stub
          </label>
        </>
      )}
      {readsHousingCsv && (
        <a
          className="export-menu-link"
          data-testid="export-housing-csv"
          href={HOUSING_CSV_PATH}
          download="california_housing.csv"
          title="The data the exported extract task reads: put it beside the .py file (or set PLAYGROUND_HOUSING_CSV)"
        >
          housing CSV
        </a>
      )}
      {problem && (
        <span className="export-menu-problem" role="alert" data-testid="export-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
