import type { ReactNode } from 'react';

export function PageTitle({ title, sub, extra }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{title}</h1>
      {sub && <span className="muted">{sub}</span>}
      {extra && <div className="page-extra">{extra}</div>}
    </div>
  );
}
