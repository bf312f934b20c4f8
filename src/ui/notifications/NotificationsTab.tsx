import { useEffect, useState } from 'react';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';

/** The header tab of the notification log, with how many arrived since it was last open. */
export function NotificationsTab() {
  const store = usePlaygroundStore();
  const active = usePlayground((s) => s.view === 'notifications');
  const count = usePlayground((s) => s.notifications.length);
  // Only this tab needs "seen": kept here rather than in the store, and reset by a reload like the log itself.
  const [seen, setSeen] = useState(0);
  useEffect(() => {
    if (active) setSeen(count);
  }, [active, count]);
  const unread = active ? 0 : Math.max(0, count - seen);

  return (
    <button
      type="button"
      aria-current={active ? 'page' : undefined}
      data-testid="tab-notifications"
      onClick={() => store.setState({ view: 'notifications' })}
    >
      Notifications
      {unread > 0 && (
        <span className="tab-badge" data-testid="notifications-unread">
          {unread}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </button>
  );
}
