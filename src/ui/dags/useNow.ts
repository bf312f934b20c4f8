import { useEffect, useState } from 'react';

/**
 * The wall clock, re-read every `intervalMs` while `live` (a run is going on), so bars of unfinished runs and tries
 * grow; frozen otherwise, so a finished chart costs nothing.
 */
export function useNow(live: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!live) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [live, intervalMs]);
  return now;
}
