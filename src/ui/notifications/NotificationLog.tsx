import { useMemo, useState } from 'react';
import type { NotificationLevel } from '../../core/dag';
import type { Notification } from '../../core/notification';
import { formatTime } from '../format';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { LEVEL_STYLE } from './levelStyle';
import './notificationLog.css';
import { MessageText, UserText } from '../UserText';

const LEVELS: readonly NotificationLevel[] = ['error', 'warning', 'success', 'info'];

/** Every notification of the session, newest first: what the toasts showed, and what they dropped. */
export function NotificationLog() {
  const notifications = usePlayground((s) => s.notifications);
  const [levels, setLevels] = useState<ReadonlySet<NotificationLevel>>(() => new Set(LEVELS));
  const newestFirst = useMemo(() => notifications.filter((n) => levels.has(n.level)).reverse(), [notifications, levels]);
  const counts = useMemo(() => {
    const byLevel: Record<NotificationLevel, number> = { error: 0, warning: 0, success: 0, info: 0 };
    for (const n of notifications) byLevel[n.level]++;
    return byLevel;
  }, [notifications]);
  const toggle = (level: NotificationLevel) =>
    setLevels((current) => {
      const next = new Set(current);
      if (next.has(level)) next.delete(level);
      else next.add(level);
      return next;
    });

  return (
    <section className="notification-view" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <p className="muted">
        Messages from DAG and task callbacks (<code>on_success_callback</code>, <code>on_failure_callback</code>, …) and
        from the playground itself.
      </p>
      <div className="notification-filter" role="group" aria-label="Levels shown">
        {LEVELS.map((level) => (
          <button
            key={level}
            type="button"
            className={`level-pill notice-${level}`}
            aria-pressed={levels.has(level)}
            data-testid={`notification-filter-${level}`}
            onClick={() => toggle(level)}
          >
            <span aria-hidden="true">{levels.has(level) ? '✓' : LEVEL_STYLE[level].icon}</span> {LEVEL_STYLE[level].label}{' '}
            <span className="muted">{counts[level]}</span>
          </button>
        ))}
      </div>
      <table className="notification-log" data-testid="notification-log">
        <caption>
          {newestFirst.length === notifications.length
            ? `${notifications.length} notification${notifications.length === 1 ? '' : 's'} (newest first)`
            : `${newestFirst.length} of ${notifications.length} notifications (newest first)`}
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
                {notifications.length === 0 ? 'Nothing yet. Trigger a DAG: its callbacks report here.' : 'No notification of the chosen levels.'}
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
            // Opens the run (and task) the message is about, as a deep link would.
            onClick={() =>
              store.setState({ view: 'dag', selectedDagId: n.dagId!, selectedRunId: n.runId ?? null, selectedTaskId: n.taskId ?? null })
            }
          >
            {/* The name is the visible text after "Open": what a voice-control user reads is what they can say. */}
            <span className="visually-hidden">Open </span>
            <UserText text={n.dagId} />
            {n.taskId && (
              <>
                {' · '}
                <UserText text={n.taskId} />
              </>
            )}
            {n.runId && (
              <span className="notification-run muted">
                <UserText text={n.runId} />
              </span>
            )}
          </button>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <strong>
          <MessageText text={n.title} max={200} />
        </strong>
        <br />
        <MessageText text={n.message} />
      </td>
    </tr>
  );
}
