// The active rulebook (class codes and labels, income settings), fetched once and refreshed
// after the county office switches rulebooks.
import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.js';
import type { Rulebook } from '../api/types.js';
import { OUT_OF_SCOPE } from '../../../src/domain/assessment.js';
import { classLabel } from '../../../src/domain/classes.js';

let cache: Promise<Rulebook> | null = null;
const listeners = new Set<() => void>();

export function loadActiveRulebook(): Promise<Rulebook> {
  if (!cache) {
    cache = api.rulebook().then((r) => r.rulebook);
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function invalidateRulebook(): void {
  cache = null;
  for (const l of listeners) l();
}

export function useActiveRulebook(): Rulebook | null {
  const [rb, setRb] = useState<Rulebook | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  useEffect(() => {
    let live = true;
    loadActiveRulebook().then(
      (r) => {
        if (live) setRb(r);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [tick]);
  return rb;
}

/** Class options for filters and tabs: the rulebook's classes (none until it is loaded), then “not in scope”. */
export function classOptions(rb: Rulebook | null): { value: string; label: string }[] {
  const classes = rb?.classes ?? [];
  return [...classes.map((c) => ({ value: c.code, label: c.label })), { value: OUT_OF_SCOPE, label: classLabel(rb, OUT_OF_SCOPE) }];
}

export function classLabelIn(rb: Rulebook | null, code: string | null | undefined): string {
  if (!code) return '未评估';
  return classLabel(rb, code);
}
