// A parcel as the officer works it: actions, risk reasons, findings, duty and tax, the merged data with the source of
// each field, and the timeline of its events.
import { useConsoleTitle } from '../title.ts';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { dateTime, money } from '../../shared/format.ts';
import { Loading, Problems, StatusBadge } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';
import { isOfficer, useSession } from '../session.tsx';
import { Actions } from './ParcelActions.tsx';
import { FieldValue } from './FieldValue.tsx';
import { fieldLabel } from './labels.ts';
import type { ConsignmentView, FieldSource } from './parcel-types.ts';
import { laneLabel } from './Worklist.tsx';

export function Parcel({ id }: { id: string }): ReactNode {
  const { officer } = useSession();
  useConsoleTitle(`Parcel ${id}`);
  const { data: c, error, loading, reload } = useApi<ConsignmentView>(`/v1/consignments/${encodeURIComponent(id)}`);
  if (loading && !c) return <Loading what="the parcel" />;
  if (!c) return <Problems error={error} />;
  return (
    <>
      <p>
        <Link href="/">← Worklist</Link>
      </p>
      <h1>
        Parcel {c.trackingId ?? c.id} <StatusBadge status={c.status} />
      </h1>
      <dl className="facts" aria-label="Summary">
        <dt>Lane</dt>
        <dd>
          {laneLabel(c.lane)}
          {c.heldFor ? <span className="muted"> — held for {c.heldFor}</span> : null}
        </dd>
        <dt>Category</dt>
        <dd>{c.categoryDecision ? `${c.categoryDecision.category}: ${c.categoryDecision.reason}` : (c.category ?? '—')}</dd>
        <dt>Order</dt>
        <dd>{c.orderId ?? '—'}</dd>
        <dt>Arrived</dt>
        <dd>{dateTime(c.arrivalRecordedAt)}</dd>
        <dt>Consignment id</dt>
        <dd>
          <code>{c.id}</code>
        </dd>
      </dl>
      <Problems error={error} />
      <Actions consignment={c} officerView={isOfficer(officer)} agencyId={officer?.role === 'agency' ? officer.partyId : undefined} onDone={reload} />
      {/* An agency is shown neither the risk reasons nor the findings (the API leaves them empty): say nothing rather than "none". */}
      {officer?.role === 'agency' ? null : (
        <div className="grid2">
          <Risk c={c} />
          <Findings c={c} />
        </div>
      )}
      <Referrals c={c} />
      <Assessment c={c} />
      <MergedData fields={c.fields} />
      <Timeline c={c} />
    </>
  );
}

function Risk({ c }: { c: ConsignmentView }): ReactNode {
  if (!c.risk) return null;
  return (
    <section className="card" aria-labelledby="risk-h">
      <h2 id="risk-h">Risk</h2>
      <p>
        Score <strong>{c.risk.score.toFixed(2)}</strong>, selected by <strong>{c.risk.selectedBy}</strong>
        {c.risk.provisional ? ' (provisional: decided again on arrival)' : ''}
        {c.risk.decidedAt ? <span className="muted"> on {dateTime(c.risk.decidedAt)}</span> : null}
      </p>
      {c.risk.reasons.length === 0 ? (
        <p className="muted">No risk indicator fired.</p>
      ) : (
        <ul>
          {c.risk.reasons.map((r) => (
            <li key={r.code}>
              {/* A rule's code is its id and version; its message is its name. */}
              <code>{r.code.startsWith('rule:') ? 'rule' : r.code}</code>
              {r.weight !== undefined ? <span className="muted"> (weight {r.weight})</span> : null}: {r.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Findings({ c }: { c: ConsignmentView }): ReactNode {
  if (!c.findings) return null;
  return (
    <section className="card" aria-labelledby="findings-h">
      <h2 id="findings-h">Findings</h2>
      {c.findings.length === 0 ? (
        <p className="muted">The filings agree and pass every check.</p>
      ) : (
        <ul>
          {c.findings.map((f, i) => (
            <li key={i}>
              <span className={`badge ${f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'info'}`}>{f.severity}</span> <code>{f.code}</code>: {f.message}
              {f.sources?.length ? <span className="source"> (from {[...new Set(f.sources)].join(', ')})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Referrals({ c }: { c: ConsignmentView }): ReactNode {
  if (!c.referrals?.length) return null;
  return (
    <section aria-labelledby="ref-h">
      <h2 id="ref-h">Referrals to other agencies</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            <th scope="col">Status</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {c.referrals.map((r) => (
            <tr key={r.agency}>
              <td>{r.agency}</td>
              <td>{r.status}</td>
              <td>{r.reason ?? r.note ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Assessment({ c }: { c: ConsignmentView }): ReactNode {
  const a = c.assessment;
  if (!a) return null;
  const m = (amount: string) => money({ amount, currency: a.currency });
  return (
    <section aria-labelledby="assess-h">
      <h2 id="assess-h">Duty and tax</h2>
      <p>
        Intrinsic value {m(a.intrinsicValue)}, customs value {m(a.customsValue)}. Total {m(a.total)}, already collected {m(a.alreadyCollected)}
        {a.collectedBy ? ` by ${a.collectedBy}` : ''}
        {a.scheme ? ` (${a.scheme})` : ''}, <strong>due at the border {m(a.dueAtBorder)}</strong>. <span className="muted">Pack {a.packVersion}.</span>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Base
              </th>
              <th scope="col">Rate</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">At border</th>
              <th scope="col">Why, and the law</th>
            </tr>
          </thead>
          <tbody>
            {a.lines.map((l, i) => (
              <tr key={i}>
                <td>
                  {l.type} <code>{l.code}</code>
                </td>
                <td>{l.item === null ? 'whole parcel' : `item ${l.item + 1}`}</td>
                <td className="num">{m(l.basis)}</td>
                <td>{l.rate}</td>
                <td className="num">{m(l.amount)}</td>
                <td>{l.dueAtBorder ? 'yes' : 'no'}</td>
                <td>
                  {l.explanation}
                  {l.source ? <div className="source">{l.source}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function MergedData({ fields }: { fields: Record<string, FieldSource> | undefined }): ReactNode {
  if (!fields) return null;
  return (
    <section aria-labelledby="data-h">
      <h2 id="data-h">Merged data, with the source of each field</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">From filing</th>
              <th scope="col">Sent by</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(fields).map(([name, f]) => (
              <tr key={name}>
                <th scope="row">{fieldLabel(name)}</th>
                <td>
                  <FieldValue value={f.value} />
                </td>
                <td>
                  <code>{f.source}</code>
                </td>
                <td>
                  {f.sender} <div className="source">{dateTime(f.sentAt)}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What an event says in a few words, from its data. */
function eventSummary(e: { type: string; data: Record<string, unknown> }): string {
  const d = e.data;
  if (e.type === 'status-changed') {
    // Partners and agencies see a reduced event: the new status at most.
    const move = d.from !== undefined && d.to !== undefined ? `${String(d.from)} → ${String(d.to)}` : d.to !== undefined ? `now ${String(d.to)}` : '';
    return `${move}${d.reason ? `: ${String(d.reason)}` : ''}`;
  }
  if (e.type === 'filing-received') return `${String(d.kind ?? '')} filing ${String(d.filingId ?? '')}`;
  const parts = ['control', 'result', 'decision', 'agency', 'note', 'reason'].filter((k) => d[k] !== undefined && typeof d[k] !== 'object').map((k) => `${k}: ${String(d[k])}`);
  const outcome = d.outcome as { result?: string; control?: string } | undefined;
  if (outcome?.result) parts.unshift(`${outcome.control ?? 'control'}: ${outcome.result}`);
  return parts.join('; ');
}

function Timeline({ c }: { c: ConsignmentView }): ReactNode {
  if (!c.events) return null;
  return (
    <section aria-labelledby="tl-h">
      <h2 id="tl-h">Timeline</h2>
      <ol className="timeline">
        {c.events.map((e) => (
          <li key={e.seq}>
            <strong>{e.type}</strong> <span className="muted">{dateTime(e.at)} by {e.actor}</span>
            <div>{eventSummary(e)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
