import { useMemo, useState } from 'react';
import type { DatasetId } from '../../core/ids';
import { formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { runHref, taskHref } from './links';
import { UserText } from '../UserText';

const PAGE = 10;

/** Every event of one dataset: when, which task try emitted it, its extra metadata, and the runs it triggered. */
export function DatasetEventHistory({ datasetId, onSelectVersion }: { datasetId: DatasetId; onSelectVersion: (id: string) => void }) {
  const events = usePlayground((s) => s.datasetEvents);
  const runs = usePlayground((s) => s.scheduler?.runs);
  const versions = usePlayground((s) => s.datasetVersions);
  const [shown, setShown] = useState(PAGE);
  const rows = useMemo(() => {
    const all = Object.values(runs ?? {});
    const stored = new Set(versions.map((v) => v.id as string));
    return events
      .filter((e) => e.datasetId === datasetId)
      .reverse()
      .map((event) => ({
        event,
        versionStored: event.versionId !== null && stored.has(event.versionId),
        triggered: all.filter((run) => run.triggeringEvents.some((e) => e.id === event.id)).sort((a, b) => a.seq - b.seq),
      }));
  }, [events, runs, versions, datasetId]);

  return (
    <div className="event-history">
      <table className="compact" data-testid="dataset-event-history">
        <caption>Events ({rows.length}, newest first)</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">time</th>
            <th scope="col">source</th>
            <th scope="col">extra</th>
            <th scope="col">version</th>
            <th scope="col">triggered runs</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No events yet.
              </td>
            </tr>
          )}
          {rows.slice(0, shown).map(({ event, versionStored, triggered }) => (
            <tr key={event.id} data-testid={`dataset-event-${event.id}`}>
              <td>{event.id}</td>
              <td className="nowrap" title={new Date(event.timestamp).toISOString()}>
                {formatTime(event.timestamp)}
              </td>
              <td className="lineage-cell">
                {event.source ? (
                  <>
                    <a href={runHref(event.source.dagId, event.source.runId)} data-testid={`event-run-${event.id}`} title={event.source.runId}>
                      <UserText text={event.source.dagId} />
                    </a>
                    {' · '}
                    <a href={taskHref(event.source.dagId, event.source.runId, event.source.taskId)} data-testid={`event-task-${event.id}`}>
                      <UserText text={event.source.taskId} />
                    </a>{' '}
                    <span className="muted small">try {event.source.tryNumber}</span>
                  </>
                ) : (
                  <span className="muted">manual (Create dataset event)</span>
                )}
              </td>
              <td className="extra-cell">
                {Object.keys(event.extra).length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  Object.entries(event.extra).map(([key, value]) => (
                    <span key={key} className="chip">
                      <UserText text={key} />: <UserText text={typeof value === 'string' ? value : JSON.stringify(value)} max={80} />
                    </span>
                  ))
                )}
              </td>
              <td>
                {event.versionId === null ? (
                  <span className="muted">—</span>
                ) : versionStored ? (
                  <button type="button" className="link-button" onClick={() => onSelectVersion(event.versionId!)} title={event.versionId}>
                    preview
                  </button>
                ) : (
                  <span className="muted" title={event.versionId}>
                    deleted
                  </span>
                )}
              </td>
              <td className="lineage-cell">
                {triggered.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  triggered.map((run) => (
                    <a key={run.id} className="chip" href={runHref(run.dagId, run.id)} data-testid={`event-triggered-${event.id}-${run.dagId}`} title={run.id}>
                      ▶ <UserText text={run.dagId} /> <span className="muted">({run.state})</span>
                    </a>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown && (
        <button type="button" className="link-button" onClick={() => setShown(shown + PAGE)} data-testid="event-history-more">
          Show {Math.min(PAGE, rows.length - shown)} older events
        </button>
      )}
    </div>
  );
}
