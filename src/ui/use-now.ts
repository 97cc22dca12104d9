// The current time, refreshed every `intervalMs`: uptimes in the dyno table tick by themselves.
import { useEffect, useState } from 'react';

export function useNow(clock: () => number, intervalMs = 1000): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(clock());
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [clock, intervalMs]);
  return now;
}
