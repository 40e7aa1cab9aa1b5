// A table row that opens a page: by click, and from the keyboard (Tab to the row, Enter or
// Space), so the main flows work without a mouse.
import type { HTMLAttributes, KeyboardEvent } from 'react';
import { navigate } from '../router.js';

export function rowOpens(to: string, label?: string): HTMLAttributes<HTMLElement> {
  return {
    tabIndex: 0,
    role: 'link',
    'aria-label': label,
    onClick: () => navigate(to),
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      // Keys typed inside the row's own controls (a checkbox, a link) are theirs.
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        navigate(to);
      }
    },
  };
}
