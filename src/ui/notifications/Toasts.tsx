import { useCallback, useEffect, useState } from 'react';
import type { Notification } from '../../core/notification';
import { dismissToast as dismiss } from '../../store/playgroundStore';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { LEVEL_STYLE } from './levelStyle';
import './toasts.css';
import { MessageText } from '../UserText';

/** How long a toast stays; the notification log keeps it for good. */
export const TOAST_LIFETIME_MS = 6_000;

/**
 * The newest notifications as toasts in a dock under the page (it takes room instead of covering controls), with
 * "Dismiss all" and a way to the notification log.
 */
export function Toasts() {
  const toasts = usePlayground((s) => s.toasts);
  const store = usePlaygroundStore();
  const dismissToast = useCallback((id: number) => dismiss(store, id), [store]);
  return (
    <section className={toasts.length > 0 ? 'toasts has-toasts' : 'toasts'} aria-label="Recent notifications" data-testid="toast-dock">
      <div className="toast-list">
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} />
        ))}
      </div>
      {toasts.length > 0 && (
        <div className="toast-dock-actions">
          <button type="button" data-testid="toasts-open-log" onClick={() => store.setState({ view: 'notifications' })}>
            All notifications
          </button>
          <button type="button" data-testid="toasts-dismiss-all" onClick={() => toasts.forEach((t) => dismissToast(t.id))}>
            Dismiss all
          </button>
        </div>
      )}
    </section>
  );
}

function Toast({ toast }: { toast: Notification }) {
  const store = usePlaygroundStore();
  const dismissToast = useCallback((id: number) => dismiss(store, id), [store]);
  // Held while pointed at or focused: a reader (or someone tabbing to Dismiss) is not cut off mid-sentence (WCAG 2.2.1).
  // Pointer *moves* hold it, not mouseenter: a toast that slides under a resting pointer is not being read.
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;

  useEffect(() => {
    if (held) return;
    const timer = window.setTimeout(() => dismissToast(toast.id), TOAST_LIFETIME_MS);
    return () => window.clearTimeout(timer);
  }, [held, toast.id, dismissToast]);

  const level = LEVEL_STYLE[toast.level];
  return (
    <div
      className={`toast notice-${toast.level}`}
      // Errors interrupt (alert); everything else waits for a pause in speech (status).
      role={toast.level === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      data-level={toast.level}
      onPointerMove={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setFocused(false);
      }}
    >
      <span className="toast-icon" aria-hidden="true">
        {level.icon}
      </span>
      <div className="toast-body">
        <p className="toast-title">
          <span className="visually-hidden">{level.label}: </span>
          <MessageText text={toast.title} max={200} />
        </p>
        <p className="toast-message">
          <MessageText text={toast.message} max={400} />
        </p>
      </div>
      <button type="button" className="toast-dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => dismissToast(toast.id)}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
