import { useMemo } from 'react';
import type { Notification } from '../../core/notification';
import { formatTime } from '../format';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { LEVEL_STYLE } from './levelStyle';

/** Every notification of the session, newest first: what the toasts showed, and what they dropped. */
export function NotificationLog() {
  const notifications = usePlayground((s) => s.notifications);
  const newestFirst = useMemo(() => [...notifications].reverse(), [notifications]);

  return (
    <section className="notification-view" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <p className="muted">
        Messages from DAG and task callbacks (<code>on_success_callback</code>, <code>on_failure_callback</code>, …) and
        from the playground itself.
      </p>
      <table className="notification-log" data-testid="notification-log">
        <caption>
          {notifications.length} notification{notifications.length === 1 ? '' : 's'} (newest first)
        </caption>
        <thead>
          <tr>
            <th scope="col">time</th>
            <th scope="col">level</th>
            <th scope="col">source</th>
            <th scope="col">where</th>
            <th scope="col">message</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                Nothing yet. Trigger a DAG: its callbacks report here.
              </td>
            </tr>
          )}
          {newestFirst.map((n) => (
            <NotificationRow key={n.id} notification={n} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NotificationRow({ notification: n }: { notification: Notification }) {
  const store = usePlaygroundStore();
  const level = LEVEL_STYLE[n.level];
  return (
    <tr data-testid={`notification-${n.id}`} data-level={n.level} data-source={n.source}>
      <td className="nowrap">{formatTime(n.timestamp)}</td>
      <td className="nowrap">
        <span className={`level-pill notice-${n.level}`}>
          <span aria-hidden="true">{level.icon}</span> {level.label}
        </span>
      </td>
      <td>{n.source}</td>
      <td>
        {n.dagId ? (
          <button
            type="button"
            className="link-button"
            aria-label={`Open ${[n.dagId, n.runId, n.taskId].filter(Boolean).join(' / ')}`}
            // Opens the run (and task) the message is about, as a deep link would.
            onClick={() =>
              store.setState({ view: 'dag', selectedDagId: n.dagId!, selectedRunId: n.runId ?? null, selectedTaskId: n.taskId ?? null })
            }
          >
            {n.dagId}
            {n.taskId && <> · {n.taskId}</>}
            {n.runId && <span className="notification-run muted">{n.runId}</span>}
          </button>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <strong>{n.title}</strong>
        <br />
        {n.message}
      </td>
    </tr>
  );
}
