import { useMemo } from 'react';
import { formatCount, formatTime } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { UserText } from '../UserText';
import { displayText, listText } from '../../core/displayText';

const SHOWN = 12;

/** The newest dataset events with their source and the runs they created. */
export function DatasetEventTable() {
  const events = usePlayground((s) => s.datasetEvents);
  const runs = usePlayground((s) => s.scheduler?.runs);
  const rows = useMemo(() => {
    const all = Object.values(runs ?? {});
    return [...events]
      .reverse()
      .slice(0, SHOWN)
      .map((event) => ({
        event,
        triggered: all.filter((run) => run.triggeringEvents.some((e) => e.id === event.id)),
      }));
  }, [events, runs]);

  return (
    <table className="events-table" data-testid="dataset-events">
      <caption>Dataset events (newest first)</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">dataset</th>
          <th scope="col">time</th>
          <th scope="col">source</th>
          <th scope="col">rows</th>
          <th scope="col">triggered</th>
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
        {rows.map(({ event, triggered }) => (
          <tr key={event.id}>
            <td>{event.id}</td>
            <td>
              ⛁ <UserText text={event.datasetId} />
            </td>
            <td>{formatTime(event.timestamp)}</td>
            <td>{event.source ? `${displayText(event.source.dagId)}.${displayText(event.source.taskId)}` : 'manual'}</td>
            <td>{typeof event.extra.rowCount === 'number' ? formatCount(event.extra.rowCount) : '—'}</td>
            <td>{triggered.length === 0 ? '—' : listText(triggered.map((r) => r.dagId))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
