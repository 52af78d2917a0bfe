// The worklist: held, payment-due and arrived parcels (an agency: those referred to it), filtered, sorted and paged,
// worked from the keyboard (↑/↓ or j/k to move, Enter to open).
import { useConsoleTitle } from '../title.ts';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { query } from '../../shared/api.ts';
import { dateTime, money, statusLabel } from '../../shared/format.ts';
import { Loading, Problems, StatusBadge } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';
import { isOfficer, useSession } from '../session.tsx';
import type { WorkItem } from '../../../../src/services/worklist.ts';


const STATUS_CHOICES: Array<{ value: string; label: string }> = [
  { value: 'held,payment-due,arrived', label: 'To work on (held, payment due, arrived)' },
  { value: 'pre-arrival,arrived,held,payment-due', label: 'Not yet released (incl. pre-arrival)' },
  { value: 'held', label: statusLabel('held') },
  { value: 'payment-due', label: statusLabel('payment-due') },
  { value: 'arrived', label: statusLabel('arrived') },
  { value: 'pre-arrival', label: statusLabel('pre-arrival') },
  { value: 'released', label: statusLabel('released') },
  { value: 'return-requested', label: statusLabel('return-requested') },
  { value: 'seized', label: statusLabel('seized') },
];
const AGENCY_DEFAULT = 'pre-arrival,arrived,held,payment-due';
const LAST_OPENED = 'clearway.worklist.lastOpened';
const LANES = ['document-check', 'scan', 'physical', 'agency-referral', 'release'] as const;
export const laneLabel = (l: string): string => ({ 'document-check': 'Document check', scan: 'Scan (NII)', physical: 'Physical inspection', 'agency-referral': 'Agency referral', release: 'Release' })[l] ?? l;

export function Worklist(): ReactNode {
  const { officer } = useSession();
  const officerView = isOfficer(officer);
  useConsoleTitle(officerView ? 'Worklist' : 'Parcels referred to us');
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  // An agency's referrals often come before the parcel arrives: its queue starts with those too.
  const status = params.get('status') ?? (officerView ? STATUS_CHOICES[0]!.value : AGENCY_DEFAULT);
  const lane = params.get('lane') ?? '';
  const order = params.get('order') === 'newest' ? 'newest' : 'oldest';
  const after = params.get('after') ?? undefined;
  const setFilter = (change: Record<string, string | undefined>) => {
    const next = { status, lane, order, ...change, after: change.after };
    navigate(query(next));
  };
  const { data, error, loading } = useApi<{ items: WorkItem[]; next: string | null }>(`/v1/worklist${query({ status, lane, order, after, limit: 25 })}`);
  const items = data?.items ?? [];
  const [selected, setSelected] = useState(0);
  const rows = useRef<Array<HTMLTableRowElement | null>>([]);
  // Back from a parcel, the list takes up where the officer left it: that row selected and focused.
  // Only on the first page shown: a later change of filter keeps the focus on the filter.
  const restored = useRef(false);
  useEffect(() => {
    if (!data) return;
    const last = restored.current ? null : sessionStorage.getItem(LAST_OPENED);
    restored.current = true;
    const i = last ? items.findIndex((it) => it.id === last) : -1;
    setSelected(Math.max(0, i));
    if (i >= 0) rows.current[i]?.focus();
  }, [data]);
  const open = (item: WorkItem | undefined) => {
    if (!item) return;
    sessionStorage.setItem(LAST_OPENED, item.id);
    navigate(`/parcels/${encodeURIComponent(item.id)}`);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const move = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
    if (move !== 0 && items.length > 0) {
      e.preventDefault();
      const i = Math.max(0, Math.min(items.length - 1, selected + move));
      setSelected(i);
      rows.current[i]?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(items[selected]);
    }
  };

  return (
    <>
      <h1>{officerView ? 'Worklist' : 'Parcels referred to us'}</h1>
      <form className="row" aria-label="Filter the worklist" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="wl-status">Status</label>
          <select id="wl-status" value={status} onChange={(e) => setFilter({ status: e.target.value })}>
            {STATUS_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-lane">Lane</label>
          <select id="wl-lane" value={lane} onChange={(e) => setFilter({ lane: e.target.value })}>
            <option value="">All lanes</option>
            {LANES.map((l) => (
              <option key={l} value={l}>
                {laneLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wl-order">Order</label>
          <select id="wl-order" value={order} onChange={(e) => setFilter({ order: e.target.value })}>
            <option value="oldest">Oldest first (queue)</option>
            <option value="newest">Newest first</option>
          </select>
        </div>
      </form>
      <p className="muted" id="wl-keys">
        Keyboard: ↑/↓ or j/k move through the parcels, Enter opens one.
      </p>
      <Problems error={error} />
      {loading && !data ? <Loading what="the worklist" /> : null}
      {data && items.length === 0 ? <p className="notice">No parcels match these filters.</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap" onKeyDown={onKey}>
          <table aria-describedby="wl-keys">
            <caption className="visually-hidden">Parcels to work on</caption>
            <thead>
              <tr>
                <th scope="col">Tracking id</th>
                <th scope="col">Status</th>
                <th scope="col">Lane</th>
                <th scope="col" className="num">
                  Cat.
                </th>
                {officerView ? (
                  <>
                    <th scope="col" className="num">
                      Risk
                    </th>
                    <th scope="col">Strongest reasons</th>
                    <th scope="col" className="num">
                      Due at border
                    </th>
                  </>
                ) : (
                  <th scope="col">Referral</th>
                )}
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => (
                <tr
                  key={item.id}
                  ref={(el) => {
                    rows.current[i] = el;
                  }}
                  className={`clickable${i === selected ? ' selected' : ''}`}
                  tabIndex={i === selected ? 0 : -1}
                  aria-selected={i === selected}
                  onClick={() => open(item)}
                  onFocus={() => setSelected(i)}
                  data-testid="work-item"
                >
                  <td>
                    <Link href={`/parcels/${encodeURIComponent(item.id)}`} tabIndex={-1}>
                      {item.trackingId ?? item.id}
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>{laneLabel(item.lane)}</td>
                  <td className="num">{item.category ?? '—'}</td>
                  {officerView ? (
                    <>
                      <td className="num">{item.score === undefined ? '—' : item.score.toFixed(2)}</td>
                      <td>
                        {(item.topReasons ?? []).map((r) => (
                          <div key={r.code} title={r.message}>
                            {/* A rule's code is its id and version; its message names it. */}
                            {r.code.startsWith('rule:') ? r.message : <code>{r.code}</code>}
                          </div>
                        ))}
                        {item.referrals.map((r) => (
                          <div key={r.agency}>
                            referred to <strong>{r.agency}</strong> ({r.status})
                          </div>
                        ))}
                      </td>
                      <td className="num">{item.dueAtBorder ? money(item.dueAtBorder) : '—'}</td>
                    </>
                  ) : (
                    <td>{item.referrals.map((r) => `${r.agency}: ${r.status}`).join(', ')}</td>
                  )}
                  <td>{dateTime(item.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="row" style={{ marginTop: '0.75rem' }}>
        {after ? (
          <button className="secondary" onClick={() => setFilter({ after: undefined })}>
            First page
          </button>
        ) : null}
        {data?.next ? (
          <button className="secondary" onClick={() => setFilter({ after: data.next ?? undefined })}>
            Next page
          </button>
        ) : null}
      </div>
    </>
  );
}
