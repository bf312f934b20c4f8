import { useMemo, useState } from 'react';
import { scheduledDatasets } from '../../core/dag';
import type { DatasetId } from '../../core/ids';
import { runsOfDag } from '../../store/playgroundStore';
import { GraphView } from '../../viz/GraphView';
import { formatBytes, formatCount, formatTime } from '../format';
import { useCommand, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { UploadPanel } from '../upload/UploadPanel';
import { ConsumerConditions } from './ConsumerConditions';
import { DatasetDetail } from './DatasetDetail';
import { datasetHref } from './links';
import { dagNode, datasetNode, lineageModel } from './lineageModel';
import './datasets.css';
import { DatasetEventTable } from './DatasetEventTable';
import { StoragePanel } from '../storage/StoragePanel';
import { UserText } from '../UserText';
import { displayText, listText } from '../../core/displayText';
import { own } from '../../core/ownKeys';


/**
 * Airflow's Datasets view: which DAG updates which dataset and which DAG each dataset schedules. When an event
 * triggers a consumer, a pulse travels producer → dataset → consumer. Events can be created by hand, and each consumer
 * says what it still waits for.
 */
export function DatasetsView() {
  const dags = usePlayground((s) => s.dags);
  const datasets = usePlayground((s) => s.datasets);
  const scheduler = usePlayground((s) => s.scheduler);
  const versions = usePlayground((s) => s.datasetVersions);
  const lastTrigger = usePlayground((s) => s.lastTrigger);
  const ready = usePlayground((s) => s.status === 'ready');
  const selectedDatasetId = usePlayground((s) => s.selectedDatasetId);
  const execute = useCommand();
  const store = usePlaygroundStore();
  /** The previewed version of each dataset looked at; a dataset not in here shows its newest. */
  const [versionOf, setVersionOf] = useState<Readonly<Record<string, string>>>({});
  const selectVersion = (versionId: string, datasetId: string | undefined = selectedDatasetId ?? undefined) => {
    if (!datasetId) return;
    setVersionOf((current) => ({ ...current, [datasetId]: versionId }));
    if (datasetId !== selectedDatasetId) store.setState({ selectedDatasetId: datasetId as DatasetId });
  };
  const onSelectNode = (nodeId: string) => {
    if (nodeId.startsWith('dataset:')) store.setState({ selectedDatasetId: nodeId.slice('dataset:'.length) as DatasetId });
    const dag = dags.find((d) => dagNode(d.id) === nodeId);
    if (dag) store.setState({ view: 'dag', selectedDagId: dag.id, selectedRunId: null, selectedTaskId: null });
  };

  const model = useMemo(
    () => lineageModel(dags, datasets, (dag) => runsOfDag(scheduler, dag.id)[0], versions, selectedDatasetId),
    [dags, datasets, scheduler, versions, selectedDatasetId],
  );

  const pulsePath = lastTrigger
    ? [
        ...(lastTrigger.event.source ? [dagNode(lastTrigger.event.source.dagId)] : []),
        datasetNode(lastTrigger.event.datasetId),
        ...lastTrigger.consumers.slice(0, 1).map(dagNode),
      ]
    : [];

  return (
    <section className="datasets-view" aria-labelledby="datasets-title" data-testid="datasets-view">
      <h2 id="datasets-title">Datasets</h2>
      <UploadPanel />
      <div className="datasets-top">
        <div className="lineage-panel">
          <GraphView
            model={model}
            ariaLabel="Lineage of DAGs and datasets"
            onSelect={onSelectNode}
            testId="lineage-graph"
            pulseKey={lastTrigger?.key ?? 0}
            pulsePath={pulsePath}
          />
          {lastTrigger && (
            <p className="trigger-note" data-testid="last-trigger" role="status">
              ⛁ <UserText text={lastTrigger.event.datasetId} /> event #{lastTrigger.event.id} at {formatTime(lastTrigger.event.timestamp)}{' '}
              triggered {listText(lastTrigger.consumers)}
            </p>
          )}
        </div>
        <ConsumerConditions />
      </div>

      <div className="datasets-tables">
        <table className="datasets-table" data-testid="datasets-table">
          <caption>Stored datasets (IndexedDB)</caption>
          <thead>
            <tr>
              <th scope="col">dataset</th>
              <th scope="col">rows</th>
              <th scope="col">columns</th>
              <th scope="col">size</th>
              <th scope="col">versions</th>
              <th scope="col">updated</th>
              <th scope="col">consumers</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((dataset) => {
              const all = versions.filter((v) => v.datasetId === dataset.id);
              const latest = all[0];
              const consumers = dags.filter((d) => scheduledDatasets(d).includes(dataset.id));
              // Airflow accepts events only for datasets its DAGs declare; an uploaded source file is read by params.
              const declared = consumers.length > 0 || dags.some((d) => d.tasks.some((t) => t.outlets?.includes(dataset.id)));
              return (
                <tr
                  key={dataset.id}
                  data-testid={`dataset-row-${dataset.id}`}
                  className={dataset.id === selectedDatasetId ? 'is-selected' : undefined}
                >
                  <th scope="row" title={dataset.description === undefined ? undefined : displayText(dataset.description, { max: 2_000 })}>
                    <a
                      href={datasetHref(dataset.id)}
                      data-testid={`open-dataset-${dataset.id}`}
                      aria-current={dataset.id === selectedDatasetId ? 'true' : undefined}
                    >
                      ⛁ <UserText text={dataset.id} />
                    </a>
                  </th>
                  <td data-testid={`dataset-rows-${dataset.id}`}>{latest ? formatCount(latest.rowCount) : '—'}</td>
                  <td>{latest ? listText(latest.schema.map((c) => c.name), { maxItems: 12 }) : '—'}</td>
                  <td className="nowrap">{latest ? formatBytes(latest.byteSize) : '—'}</td>
                  <td>{all.length}</td>
                  <td>{latest ? formatTime(latest.createdAt) : '—'}</td>
                  <td>
                    {consumers.length === 0
                      ? '—'
                      : consumers.map((c) => {
                          const queued = own(own(scheduler?.datasetQueues, c.id), dataset.id);
                          return (
                            <span key={c.id} className="chip" data-testid={`consumer-status-${c.id}-${dataset.id}`}>
                              <UserText text={c.id} />: {queued ? `queued event #${queued.id}` : 'no pending event'}
                            </span>
                          );
                        })}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="nowrap"
                      data-testid={`create-event-${dataset.id}`}
                      disabled={!ready || !declared}
                      aria-label={`Create dataset event for ${displayText(dataset.id)}`}
                      title={
                        declared
                          ? "Airflow's “Create dataset event”: marks the newest stored version as updated, as if a producer had written it"
                          : 'No DAG produces or consumes this dataset, so an event would trigger nothing: run ml_producer with its `source` param instead'
                      }
                      onClick={() => execute({ type: 'createDatasetEvent', datasetId: dataset.id })}
                    >
                      ⛁ Create dataset event
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {selectedDatasetId && (
          <DatasetDetail
            key={selectedDatasetId}
            datasetId={selectedDatasetId}
            versionId={own(versionOf, selectedDatasetId) ?? null}
            onSelectVersion={selectVersion}
          />
        )}
        <DatasetEventTable />
        <StoragePanel />
      </div>
    </section>
  );
}
