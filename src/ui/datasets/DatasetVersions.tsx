import type { DatasetVersionMeta } from '../../core/records';
import { formatBytes, formatCount, formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { datasetHref, modelHref, taskHref } from './links';

export interface DatasetVersionsProps {
  readonly versions: readonly DatasetVersionMeta[];
  readonly selectedId: string | null;
  readonly onSelect: (versionId: string, datasetId?: string) => void;
}

/** The versions of one dataset with their size, content hash and lineage; one of them is previewed below. */
export function DatasetVersions({ versions, selectedId, onSelect }: DatasetVersionsProps) {
  const all = usePlayground((s) => s.datasetVersions);
  const byId = new Map(all.map((v) => [v.id as string, v]));
  return (
    <table className="versions-table compact" data-testid="dataset-versions">
      <caption>Versions (newest first)</caption>
      <thead>
        <tr>
          <th scope="col">created</th>
          <th scope="col" className="num">
            rows
          </th>
          <th scope="col" className="num">
            size
          </th>
          <th scope="col">content hash</th>
          <th scope="col">written by</th>
          <th scope="col">made from</th>
          <th scope="col">
            <span className="visually-hidden">preview</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => {
          const selected = v.id === selectedId;
          const { dagId, runId, taskId, tryNumber } = v.producedBy;
          return (
            <tr key={v.id} className={selected ? 'is-selected' : undefined} data-testid={`version-row-${v.id}`}>
              <td className="nowrap" title={new Date(v.createdAt).toISOString()}>
                {formatTime(v.createdAt)}
              </td>
              <td className="num">{formatCount(v.rowCount)}</td>
              <td className="num nowrap">{formatBytes(v.byteSize)}</td>
              <td>
                <code title="64-bit hash of names, types, row count and column bytes">{v.contentHash || '—'}</code>
              </td>
              <td className="lineage-cell">
                <a href={taskHref(dagId, runId, taskId)} data-testid={`version-source-${v.id}`}>
                  {dagId}.{taskId}
                </a>{' '}
                <span className="muted small">try {tryNumber}</span>
              </td>
              <td className="lineage-cell">
                {v.inputs.length === 0 && v.models.length === 0 && <span className="muted">—</span>}
                {v.inputs.map((input) => {
                  const parent = byId.get(input);
                  return parent ? (
                    <a
                      key={input}
                      className="chip"
                      href={datasetHref(parent.datasetId)}
                      data-testid={`version-input-${input}`}
                      onClick={() => onSelect(input, parent.datasetId)}
                      title={input}
                    >
                      ⛁ {parent.datasetId} <span className="muted">{formatTime(parent.createdAt)}</span>
                    </a>
                  ) : (
                    <span key={input} className="chip muted" title={`${input} (no longer stored)`}>
                      ⛁ {input.split('@')[0]} (deleted)
                    </span>
                  );
                })}
                {v.models.map((model) => (
                  <a key={model} className="chip" href={modelHref(model)} title={model}>
                    ◆ {model}
                  </a>
                ))}
              </td>
              <td>
                <button
                  type="button"
                  aria-pressed={selected}
                  data-testid={`preview-version-${v.id}`}
                  onClick={() => onSelect(v.id)}
                >
                  {selected ? 'Shown' : 'Preview'}
                  <span className="visually-hidden"> version created {formatTime(v.createdAt)}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
