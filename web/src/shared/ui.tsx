// Small pieces both the console and the portal use: problems from the API, a progress bar, a status badge.
import type { ReactNode } from 'react';
import { ApiError } from './api.ts';
import { statusLabel } from './format.ts';

/** An error from the API, each problem on its own line with the field it names. */
export function Problems({ error }: { error: unknown }): ReactNode {
  if (!error) return null;
  const problems = error instanceof ApiError ? error.problems : [{ path: '', code: 'error', message: (error as Error).message ?? String(error) }];
  return (
    <div className="notice bad" role="alert">
      {problems.length === 1 ? (
        <p style={{ margin: 0 }}>{problems[0]!.message}</p>
      ) : (
        <ul style={{ margin: 0 }}>
          {problems.map((p, i) => (
            <li key={i}>
              {p.path ? <code>{p.path}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }): ReactNode {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div>
      <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">
        {label}: {pct} % ({done} of {total})
      </span>
    </div>
  );
}

const TONE: Record<string, string> = {
  released: 'ok',
  delivered: 'ok',
  refunded: 'ok',
  returned: 'ok',
  held: 'bad',
  seized: 'bad',
  destroyed: 'bad',
  'payment-due': 'warn',
  'return-requested': 'warn',
  'returned-to-sender': 'warn',
};

export function StatusBadge({ status }: { status: string }): ReactNode {
  return <span className={`badge ${TONE[status] ?? 'info'}`}>{statusLabel(status)}</span>;
}

export function Loading({ what }: { what: string }): ReactNode {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** The end of an edit form: what the server refused, then Save and Cancel. */
export function SaveOrCancel({ error, busy, onCancel }: { error: unknown; busy: boolean; onCancel: () => void }): ReactNode {
  return (
    <>
      <Problems error={error} />
      <div className="row">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** A validity period's two dates, the end optional. */
export function ValidityFields(props: { idPrefix: string; from: string; until: string; onFrom: (d: string) => void; onUntil: (d: string) => void }): ReactNode {
  return (
    <>
      <div className="field">
        <label htmlFor={`${props.idPrefix}-from`}>Valid from</label>
        <input id={`${props.idPrefix}-from`} type="date" value={props.from} onChange={(e) => props.onFrom(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor={`${props.idPrefix}-until`}>
          Valid until <span className="hint">(optional)</span>
        </label>
        <input id={`${props.idPrefix}-until`} type="date" value={props.until} min={props.from} onChange={(e) => props.onUntil(e.target.value)} />
      </div>
    </>
  );
}
