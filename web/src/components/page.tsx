// The frame of every page: its title (in the tab and as the focused h1, so a screen reader announces the
// page after navigation), an optional subtitle and actions, and its content.
import { type ReactNode, useEffect, useRef } from 'react';
import type { ApiError } from '../api/client.ts';

interface Props {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

export function Page({ title, subtitle, actions, children }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Heed`;
    heading.current?.focus();
  }, [title]);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {subtitle ? <p className="subtitle">{subtitle}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

/** What a new user should do next where there is nothing to show yet. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** Loading and failure for a query: shows the message of a failed request, and nothing while it loads. */
export function QueryStatus({ isLoading, error }: { isLoading: boolean; error: ApiError | null }) {
  if (error)
    return (
      <p className="form-error" role="alert">
        {error.message}
      </p>
    );
  if (isLoading)
    return (
      <p className="card-muted" aria-busy="true">
        Loading…
      </p>
    );
  return null;
}
