// The risk analyst's rules editor: every targeting rule with its hit rate over a period, and a form to write or edit
// one (each save is a new version; the API refuses an edit of a version someone else replaced).
import { useConsoleTitle } from '../title.ts';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, query } from '../../shared/api.ts';
import { percent } from '../../shared/format.ts';
import { Loading, Problems, SaveOrCancel, ValidityFields } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';
import { describeCondition } from './condition.ts';

interface Rule {
  id: string;
  version: number;
  name: string;
  description?: string;
  when: unknown;
  then: { weight?: number; lane?: string };
  validFrom: string;
  validUntil?: string;
  author: string;
  active: boolean;
}
interface Rate {
  decided: number;
  selected: number;
  inspected: number;
  hits: number;
  hitRate: number | null;
}
interface HitRates {
  from: string;
  to: string;
  overall: Rate;
  byRule: Record<string, Rate>;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

const EXAMPLE = JSON.stringify({ all: [{ field: 'originCountry', in: ['CN'] }, { field: 'intrinsicValue', op: 'lt', value: '22' }] }, null, 2);

export function Rules(): ReactNode {
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(today());
  const rules = useApi<Rule[]>('/v1/risk/rules');
  const rates = useApi<HitRates>(`/v1/risk/hit-rates${query({ from, to })}`);
  const [editing, setEditing] = useState<Rule | 'new'>();
  useConsoleTitle('Targeting rules');

  return (
    <>
      <h1>Targeting rules</h1>
      <p className="muted">
        A rule adds evidence of risk (a weight, combined with the other indicators) or demands a control whatever the score. The hit rate is the share of
        controls of the parcels it selected that found something.
      </p>
      <form className="row" aria-label="Period of the hit rates" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="hr-from">From</label>
          <input id="hr-from" type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="hr-to">To</label>
          <input id="hr-to" type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <button type="button" onClick={() => setEditing('new')}>
            New rule
          </button>
        </div>
      </form>
      <Problems error={rules.error ?? rates.error} />
      {rates.data ? (
        <p>
          All controls in the period: {rates.data.overall.hits} hits in {rates.data.overall.inspected} inspected ({percent(rates.data.overall.hitRate)}).
        </p>
      ) : null}
      {editing ? (
        <RuleForm
          // A new form for each rule: the fields must never carry another rule's values into this one's version.
          key={editing === 'new' ? 'new' : `${editing.id}@${editing.version}`}
          rule={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            rules.reload();
          }}
        />
      ) : null}
      {rules.loading && !rules.data ? <Loading what="the rules" /> : null}
      {rules.data && rules.data.length === 0 ? <p className="notice">No targeting rule yet: parcels are selected by findings, the score and at random.</p> : null}
      {rules.data && rules.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Effect</th>
                <th scope="col">Valid</th>
                <th scope="col" className="num">
                  Selected
                </th>
                <th scope="col" className="num">
                  Inspected
                </th>
                <th scope="col" className="num">
                  Hits
                </th>
                <th scope="col" className="num">
                  Hit rate
                </th>
                <th scope="col">
                  <span className="visually-hidden">Edit</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.data.map((r) => {
                const rate = rates.data?.byRule[r.id];
                return (
                  <tr key={r.id} data-testid="rule-row">
                    <td>
                      <strong>{r.name}</strong> <span className="muted">v{r.version}</span>
                      {!r.active ? <span className="badge warn">withdrawn</span> : null}
                      {r.description ? <div className="muted">{r.description}</div> : null}
                      <div>When {describeCondition(r.when)}</div>
                    </td>
                    <td>{[r.then.weight !== undefined ? `weight ${r.then.weight}` : null, r.then.lane ? `control: ${r.then.lane}` : null].filter(Boolean).join(', ')}</td>
                    <td>
                      {r.validFrom} → {r.validUntil ?? 'open'}
                    </td>
                    <td className="num">{rate?.selected ?? 0}</td>
                    <td className="num">{rate?.inspected ?? 0}</td>
                    <td className="num">{rate?.hits ?? 0}</td>
                    <td className="num">{percent(rate?.hitRate)}</td>
                    <td>
                      <button className="secondary" onClick={() => setEditing(r)} aria-label={`Edit ${r.name}`}>
                        Edit
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function RuleForm({ rule, onCancel, onSaved }: { rule: Rule | undefined; onCancel: () => void; onSaved: () => void }): ReactNode {
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [when, setWhen] = useState(rule ? JSON.stringify(rule.when, null, 2) : EXAMPLE);
  const [weight, setWeight] = useState(rule?.then.weight !== undefined ? String(rule.then.weight) : '0.4');
  const [lane, setLane] = useState(rule?.then.lane ?? '');
  const [validFrom, setValidFrom] = useState(rule?.validFrom ?? today());
  const [validUntil, setValidUntil] = useState(rule?.validUntil ?? '');
  const [active, setActive] = useState(rule?.active ?? true);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    let condition: unknown;
    try {
      condition = JSON.parse(when);
    } catch (err) {
      setError(new Error(`The condition is not valid JSON: ${(err as Error).message}`));
      return;
    }
    const body = {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      when: condition,
      then: { ...(weight.trim() ? { weight: Number(weight) } : {}), ...(lane ? { lane } : {}) },
      validFrom,
      ...(validUntil ? { validUntil } : {}),
      active,
      ...(rule ? { version: rule.version } : {}),
    };
    setBusy(true);
    try {
      await api(rule ? `/v1/risk/rules/${encodeURIComponent(rule.id)}` : '/v1/risk/rules', { method: rule ? 'PUT' : 'POST', body });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'} style={{ margin: '1rem 0' }}>
      <h2 ref={heading} tabIndex={-1}>
        {rule ? `Edit “${rule.name}” (saves version ${rule.version + 1})` : 'New rule'}
      </h2>
      <div className="field">
        <label htmlFor="rule-name">Name</label>
        <input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} style={{ width: '100%' }} />
      </div>
      <div className="field">
        <label htmlFor="rule-desc">
          Description <span className="hint">(why the rule exists, the intelligence behind it)</span>
        </label>
        <textarea id="rule-desc" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
      </div>
      <div className="field">
        <label htmlFor="rule-when">
          Condition <span className="hint">(JSON: all / any / not of field tests such as {'{"field":"hsCode","prefix":["8517"]}'}; fields and operators in docs/risk.md)</span>
        </label>
        <textarea id="rule-when" rows={6} value={when} onChange={(e) => setWhen(e.target.value)} spellCheck={false} style={{ fontFamily: 'monospace' }} />
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="rule-weight">
            Weight <span className="hint">(0–1)</span>
          </label>
          <input id="rule-weight" inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="rule-lane">Demands a control</label>
          <select id="rule-lane" value={lane} onChange={(e) => setLane(e.target.value)}>
            <option value="">No: adds weight only</option>
            <option value="document-check">Document check</option>
            <option value="scan">Scan</option>
            <option value="physical">Physical</option>
            <option value="agency-referral">Agency referral</option>
          </select>
        </div>
        <ValidityFields idPrefix="rule" from={validFrom} until={validUntil} onFrom={setValidFrom} onUntil={setValidUntil} />
        <div className="field">
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active
          </label>
        </div>
      </div>
      <SaveOrCancel error={error} busy={busy} onCancel={onCancel} />
    </form>
  );
}
