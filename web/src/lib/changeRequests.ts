// The 待审批 menu badge: how many pending requests the signed-in user may decide. Pages that
// submit or decide a change call notifyChangeRequests() so the badge follows at once.
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.js';

const listeners = new Set<() => void>();

export function notifyChangeRequests(): void {
  for (const l of listeners) l();
}

export function useAwaitingCount(enabled: boolean, pathname: string): number {
  const [n, setN] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api.changeRequests({ status: 'pending' }, { silent: true }).then(
      (r) => {
        if (live) setN(r.awaitingMe);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [enabled, pathname, tick]);
  return enabled ? n : 0;
}
