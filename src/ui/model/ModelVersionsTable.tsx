import type { ModelRecord } from '../../core/records';
import { formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { datasetHref, taskHref } from '../datasets/links';
import { fixed3, olsR2, paramsText, shortModelName, splitMetrics } from './modelFacts';
import { R2Bars } from './R2Bars';

/** Every stored model, newest first, to compare across runs and pick one for the panels below. */
export function ModelVersionsTable({ models, selectedId, onSelect }: { models: readonly ModelRecord[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const versions = usePlayground((s) => s.datasetVersions);
  return (
    <div className="table-scroll">
      <table className="model-versions compact" data-testid="model-versions">
        <caption>Model versions ({models.length}, newest first)</caption>
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col">kind</th>
            <th scope="col">params</th>
            <th scope="col" className="num">
              seed
            </th>
            <th scope="col">backend</th>
            <th scope="col">trained on</th>
            <th scope="col" className="num">
              test RMSE
            </th>
            <th scope="col" className="num">
              test MAE
            </th>
            <th scope="col" className="num">
              test R²
            </th>
            <th scope="col" className="num">
              OLS R²
            </th>
            <th scope="col">
              R² train / val / test <span className="r2-key">| OLS</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const test = splitMetrics(m, 'test');
            const selected = m.id === selectedId;
            const trainedOn = m.trainedOn ? versions.find((v) => v.id === m.trainedOn) : undefined;
            return (
              <tr key={m.id} className={selected ? 'is-selected' : undefined} data-testid={`model-row-${m.id}`}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={selected}
                    data-testid={`select-model-${m.id}`}
                    onClick={() => onSelect(m.id)}
                    title={m.id}
                  >
                    {shortModelName(m.id)}
                  </button>
                  <span className="block small muted">
                    {formatTime(m.createdAt)} ·{' '}
                    <a href={taskHref(m.producedBy.dagId, m.producedBy.runId, m.producedBy.taskId)}>{m.producedBy.dagId}</a>
                  </span>
                </th>
                <td>{m.kind ?? '—'}</td>
                <td className="params-cell">{paramsText(m.params)}</td>
                <td className="num">{m.seed ?? '—'}</td>
                <td>{m.backend ?? '—'}</td>
                <td className="lineage-cell">
                  {m.trainedOn === null ? (
                    '—'
                  ) : trainedOn ? (
                    <a href={datasetHref(trainedOn.datasetId)} title={m.trainedOn} data-testid={`model-trained-on-${m.id}`}>
                      ⛁ {trainedOn.datasetId} <span className="muted">{formatTime(trainedOn.createdAt)}</span>
                    </a>
                  ) : (
                    <span className="muted" title={m.trainedOn}>
                      ⛁ {m.trainedOn.split('@')[0]} (deleted)
                    </span>
                  )}
                </td>
                <td className="num">{fixed3(test.rmse)}</td>
                <td className="num">{fixed3(test.mae)}</td>
                <td className="num" data-testid={`model-r2-${m.id}`}>
                  {fixed3(test.r2)}
                </td>
                <td className="num">{fixed3(olsR2(m))}</td>
                <td>
                  <R2Bars model={m} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
