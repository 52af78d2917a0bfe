// The trusted-trader (AEO) registry: every authorisation with its scope, validity and status, and a form to record
// one or its next version (standard 6).
import { useConsoleTitle } from '../title.ts';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../shared/api.ts';
import { dateTime } from '../../shared/format.ts';
import { Loading, Problems, SaveOrCancel, ValidityFields } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';

interface Authorisation {
  id: string;
  name: string;
  identifiers: { partyId?: string; eori?: string; vat?: string; sellerKey?: string };
  scope: string[];
  validFrom: string;
  validUntil?: string;
  authority: { country: string; programme: string };
  recognition?: { arrangement: string; source: string };
  status: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

const SCOPES = ['platform', 'seller', 'carrier'] as const;

export function TrustedTraders(): ReactNode {
  const list = useApi<Authorisation[]>('/v1/trusted-traders');
  const [editing, setEditing] = useState<Authorisation | 'new'>();
  const [filter, setFilter] = useState('');
  useConsoleTitle('Trusted traders');
  const shown = (list.data ?? []).filter((a) => `${a.id} ${a.name} ${Object.values(a.identifiers).join(' ')}`.toLowerCase().includes(filter.trim().toLowerCase()));
  return (
    <>
      <h1>Trusted traders</h1>
      <p className="muted">
        Authorised economic operators earn fewer checks and may pay on account, but only for the capacities in their scope, while the authorisation is
        valid and active, and only when the filing comes from them (their party id or a seller key their platform gave).
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="aeo-filter">Find</label>
          <input id="aeo-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, number, EORI…" />
        </div>
        <div className="field">
          <button onClick={() => setEditing('new')}>Record an authorisation</button>
        </div>
      </div>
      {editing ? (
        <AuthorisationForm
          // A new form for each authorisation: the fields must never carry another one's values into this one.
          key={editing === 'new' ? 'new' : `${editing.id}@${editing.version}`}
          current={editing === 'new' ? undefined : editing}
          taken={(id) => (list.data ?? []).some((a) => a.id === id)}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      ) : null}
      <Problems error={list.error} />
      {list.loading && !list.data ? <Loading what="the registry" /> : null}
      {list.data && shown.length === 0 ? <p className="notice">No authorisation {filter ? 'matches' : 'is recorded yet'}.</p> : null}
      {shown.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Operator</th>
                <th scope="col">Scope</th>
                <th scope="col">Valid</th>
                <th scope="col">Authority</th>
                <th scope="col">Status</th>
                <th scope="col">Last change</th>
                <th scope="col">
                  <span className="visually-hidden">Edit</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id}>
                  <td>
                    <code>{a.id}</code> <span className="muted">v{a.version}</span>
                  </td>
                  <td>
                    <strong>{a.name}</strong>
                    <div className="source">
                      {Object.entries(a.identifiers)
                        .map(([k, v]) => `${k} ${v}`)
                        .join(' · ')}
                    </div>
                  </td>
                  <td>{a.scope.join(', ')}</td>
                  <td>
                    {a.validFrom} → {a.validUntil ?? 'open'}
                  </td>
                  <td>
                    {a.authority.programme} ({a.authority.country}){a.recognition ? <div className="source">recognised under {a.recognition.arrangement}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${a.status === 'active' ? 'ok' : 'bad'}`}>{a.status}</span>
                  </td>
                  <td>
                    {a.updatedBy} <div className="source">{dateTime(a.updatedAt)}</div>
                  </td>
                  <td>
                    <button className="secondary" onClick={() => setEditing(a)} aria-label={`Edit ${a.id}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function AuthorisationForm(props: { current: Authorisation | undefined; taken: (id: string) => boolean; onCancel: () => void; onSaved: () => void }): ReactNode {
  const { current, onCancel, onSaved } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [id, setId] = useState(current?.id ?? '');
  const [name, setName] = useState(current?.name ?? '');
  const [ids, setIds] = useState({ partyId: '', eori: '', vat: '', sellerKey: '', ...current?.identifiers });
  const [scope, setScope] = useState<string[]>(current?.scope ?? ['seller']);
  const [validFrom, setValidFrom] = useState(current?.validFrom ?? new Date().toISOString().slice(0, 10));
  const [validUntil, setValidUntil] = useState(current?.validUntil ?? '');
  const [country, setCountry] = useState(current?.authority.country ?? '');
  const [programme, setProgramme] = useState(current?.authority.programme ?? 'EU AEO');
  const [status, setStatus] = useState(current?.status ?? 'active');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Recording a new number that is already in the registry would silently make it a new version of that one.
    if (!current && props.taken(id.trim())) {
      setError(new Error(`Authorisation ${id.trim()} is already in the registry: use its Edit button to record a new version.`));
      return;
    }
    const identifiers = Object.fromEntries(Object.entries(ids).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    const body = {
      name: name.trim(),
      identifiers,
      scope,
      validFrom,
      ...(validUntil ? { validUntil } : {}),
      authority: { country: country.trim().toUpperCase(), programme: programme.trim() },
      ...(current?.recognition ? { recognition: current.recognition } : {}),
      status,
    };
    setBusy(true);
    setError(undefined);
    try {
      await api(`/v1/trusted-traders/${encodeURIComponent(id.trim())}`, { method: 'PUT', body });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const idField = (key: keyof typeof ids, label: string) => (
    <div className="field">
      <label htmlFor={`aeo-${key}`}>{label}</label>
      <input id={`aeo-${key}`} value={ids[key]} onChange={(e) => setIds({ ...ids, [key]: e.target.value })} />
    </div>
  );
  return (
    <form className="card" onSubmit={submit} aria-label={current ? `Edit authorisation ${current.id}` : 'Record an authorisation'} style={{ margin: '1rem 0' }}>
      <h2 ref={heading} tabIndex={-1}>
        {current ? `Authorisation ${current.id}: next version` : 'New authorisation'}
      </h2>
      <div className="row">
        <div className="field">
          <label htmlFor="aeo-id">Authorisation number</label>
          <input id="aeo-id" value={id} onChange={(e) => setId(e.target.value)} required disabled={current !== undefined} />
        </div>
        <div className="field" style={{ flex: 1 }}>
          <label htmlFor="aeo-name">Operator</label>
          <input id="aeo-name" value={name} onChange={(e) => setName(e.target.value)} required style={{ width: '100%' }} />
        </div>
      </div>
      <fieldset>
        <legend>Identifiers (at least one)</legend>
        <div className="row">
          {idField('partyId', 'Clearway party id')}
          {idField('sellerKey', 'Seller key')}
          {idField('eori', 'EORI')}
          {idField('vat', 'VAT number')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Scope</legend>
        {SCOPES.map((s) => (
          <label key={s} style={{ fontWeight: 400, display: 'inline-block', marginRight: '1rem' }}>
            <input type="checkbox" checked={scope.includes(s)} onChange={(e) => setScope(e.target.checked ? [...scope, s] : scope.filter((x) => x !== s))} /> {s}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <ValidityFields idPrefix="aeo" from={validFrom} until={validUntil} onFrom={setValidFrom} onUntil={setValidUntil} />
        <div className="field">
          <label htmlFor="aeo-country">Issued by (country)</label>
          <input id="aeo-country" value={country} onChange={(e) => setCountry(e.target.value)} required maxLength={2} size={4} />
        </div>
        <div className="field">
          <label htmlFor="aeo-programme">Programme</label>
          <input id="aeo-programme" value={programme} onChange={(e) => setProgramme(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="aeo-status">Status</label>
          <select id="aeo-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
            <option value="revoked">Revoked</option>
          </select>
        </div>
      </div>
      <SaveOrCancel error={error} busy={busy} onCancel={onCancel} />
    </form>
  );
}
