// The time, ticking, on the controller's clock: heartbeat ages and live states are measured against
// the clock that stamped the heartbeats, whatever the clock of the computer showing them says. The
// live view (/ops) sends the controller's time with every update; the difference is kept here.
import { useEffect, useState } from 'react';

let offsetMs = 0;

/** Called with the controller's time as a message arrives. */
export function syncServerClock(serverNow: number): void {
  if (Number.isFinite(serverNow)) offsetMs = serverNow - Date.now();
}

/** Now, on the controller's clock. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
