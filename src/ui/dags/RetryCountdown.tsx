import { useEffect, useState } from 'react';
import { formatTime } from '../format';

/** "next try at 12:00:03.250 (in 2 s)": the wall-clock time, and a countdown that ticks each second until then. */
export function RetryCountdown({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, [at]);
  const seconds = Math.max(0, Math.ceil((at - now) / 1_000));
  return (
    <span data-testid="task-next-retry">
      next try at <time dateTime={new Date(at).toISOString()}>{formatTime(at)}</time>{' '}
      <span className="muted">({seconds > 0 ? `in ${seconds} s` : 'due now'})</span>
    </span>
  );
}
