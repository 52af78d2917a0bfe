// What an officer (or an agency) can do to a parcel: each action a small form that posts one event and reloads.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { useApi } from '../../shared/use-api.ts';
import { Problems } from '../../shared/ui.tsx';
import type { ConsignmentView } from './parcel-types.ts';

type ActionKind = 'release' | 'hold' | 'inspection' | 'refer' | 'seize' | 'agency-decision';

const LABEL: Record<ActionKind, string> = {
  release: 'Release',
  hold: 'Hold',
  inspection: 'Record inspection',
  refer: 'Refer to an agency',
  seize: 'Seize',
  'agency-decision': 'Decide',
};

/** Statuses from which customs may still act; the API has the last word (409 with the reason). */
const OPEN = new Set(['pre-arrival', 'arrived', 'held', 'payment-due']);

export function Actions(props: { consignment: ConsignmentView; officerView: boolean; agencyId: string | undefined; onDone: () => void }): ReactNode {
  const { consignment: c, officerView } = props;
  const [open, setOpen] = useState<ActionKind>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  // The confirmation takes the focus the submitted form had (the form goes away), so the keyboard is not lost.
  const confirmation = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) confirmation.current?.focus();
  }, [done]);
  const notice = done ? (
    <p className="notice ok" role="status" tabIndex={-1} ref={confirmation}>
      {done}
    </p>
  ) : null;
  const kinds: ActionKind[] = officerView ? ['release', 'hold', 'inspection', 'refer', 'seize'] : props.agencyId ? ['agency-decision'] : [];
  // After the last action the parcel may leave the open statuses: its confirmation stays on screen.

  const send = async (body: Record<string, unknown>, what: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/v1/consignments/${encodeURIComponent(c.id)}/events`, { method: 'POST', body });
      setOpen(undefined);
      setDone(what);
      props.onDone();
    } catch (e) {
      setError(e);
      // Someone else changed the parcel meanwhile: show it as it is now, beside the reason.
      if (e instanceof ApiError && e.status === 409) props.onDone();
    } finally {
      setBusy(false);
    }
  };

  // The confirmation stays in one place in the tree, so it keeps the focus when the parcel leaves the open statuses.
  return (
    <>
      {kinds.length > 0 && OPEN.has(c.status) ? (
        <section className="card" aria-labelledby="actions-h" style={{ margin: '1rem 0' }}>
          <h2 id="actions-h">Actions</h2>
          <div className="row">
            {kinds.map((k) => (
              <button
                key={k}
                className={open === k ? undefined : 'secondary'}
                aria-expanded={open === k}
                aria-controls="action-form"
                onClick={() => {
                  setOpen(open === k ? undefined : k);
                  setError(undefined);
                  setDone(undefined);
                }}
              >
                {LABEL[k]}
              </button>
            ))}
          </div>
          <div id="action-form">
            {open === 'release' || open === 'hold' || open === 'seize' ? <NoteForm kind={open} busy={busy} onSubmit={(note) => send({ type: open, ...(note ? { note } : {}) }, `${LABEL[open]}: recorded.`)} /> : null}
            {open === 'inspection' ? <InspectionForm lane={c.lane} assessment={c.assessment ?? undefined} busy={busy} onSubmit={(body) => send({ type: 'inspection', ...body }, 'Inspection recorded.')} /> : null}
            {open === 'refer' ? <ReferForm busy={busy} onSubmit={(agency, note) => send({ type: 'refer', agency, ...(note ? { note } : {}) }, `Referred to ${agency}.`)} /> : null}
            {open === 'agency-decision' ? <DecisionForm busy={busy} onSubmit={(decision, note) => send({ type: 'agency-decision', decision, ...(note ? { note } : {}) }, `Decision recorded: ${decision}.`)} /> : null}
          </div>
        </section>
      ) : null}
      {notice}
      <Problems error={error} />
    </>
  );
}

function NoteForm({ kind, busy, onSubmit }: { kind: 'release' | 'hold' | 'seize'; busy: boolean; onSubmit: (note: string) => void }): ReactNode {
  const [note, setNote] = useState('');
  const required = kind !== 'release';
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit(note.trim());
      }}
      aria-label={LABEL[kind]}
    >
      <div className="field">
        <label htmlFor="action-note">
          {required ? 'Reason' : 'Note'} <span className="hint">{required ? '(kept in the event log)' : '(optional)'}</span>
        </label>
        <textarea id="action-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required={required} maxLength={1000} />
      </div>
      <button type="submit" className={kind === 'seize' ? 'danger' : undefined} disabled={busy}>
        {LABEL[kind]} the parcel
      </button>
    </form>
  );
}

const RESULTS = [
  ['no-finding', 'No finding: the goods are as declared'],
  ['revenue-adjustment', 'Revenue adjustment: duty or tax must be corrected'],
  ['undervaluation', 'Undervaluation'],
  ['misdescription', 'Misdescription of the goods'],
  ['prohibited', 'Prohibited or restricted goods'],
] as const;

function InspectionForm(props: {
  lane: string;
  assessment: { currency: string; dutyTotal: string; taxTotal: string } | undefined;
  busy: boolean;
  onSubmit: (body: Record<string, unknown>) => void;
}): ReactNode {
  const now = props.assessment;
  const [control, setControl] = useState(['document-check', 'scan', 'physical'].includes(props.lane) ? props.lane : 'document-check');
  const [result, setResult] = useState('no-finding');
  const [note, setNote] = useState('');
  const [imageRef, setImageRef] = useState('');
  const [operator, setOperator] = useState('');
  const [scanResult, setScanResult] = useState('clear');
  // Both start at what is assessed now: an officer corrects one figure without wiping the other.
  const [duty, setDuty] = useState(now?.dutyTotal ?? '');
  const [tax, setTax] = useState(now?.taxTotal ?? '');
  const [reason, setReason] = useState('');
  const correcting = now !== undefined && result !== 'no-finding' && result !== 'prohibited';
  const changed = correcting && (duty.trim() !== now.dutyTotal || tax.trim() !== now.taxTotal);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const outcome: Record<string, unknown> = { control, result, ...(note.trim() ? { note: note.trim() } : {}) };
    if (control === 'scan' && imageRef.trim()) outcome.scan = { imageRef: imageRef.trim(), operator: operator.trim(), result: scanResult };
    const body: Record<string, unknown> = { outcome };
    if (changed) body.assessment = { duty: duty.trim(), tax: tax.trim(), reason: reason.trim() };
    props.onSubmit(body);
  };
  return (
    <form onSubmit={submit} aria-label="Record inspection">
      <div className="row">
        <div className="field">
          <label htmlFor="insp-control">Control</label>
          <select id="insp-control" value={control} onChange={(e) => setControl(e.target.value)}>
            <option value="document-check">Document check</option>
            <option value="scan">Scan (NII)</option>
            <option value="physical">Physical examination</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="insp-result">Result</label>
          <select id="insp-result" value={result} onChange={(e) => setResult(e.target.value)}>
            {RESULTS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
      </div>
      {control === 'scan' ? (
        <fieldset>
          <legend>Scan</legend>
          <div className="row">
            <div className="field">
              <label htmlFor="scan-image">Image reference</label>
              <input id="scan-image" value={imageRef} onChange={(e) => setImageRef(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="scan-operator">Operator</label>
              <input id="scan-operator" value={operator} onChange={(e) => setOperator(e.target.value)} required={imageRef.trim() !== ''} />
            </div>
            <div className="field">
              <label htmlFor="scan-result">Image reading</label>
              <select id="scan-result" value={scanResult} onChange={(e) => setScanResult(e.target.value)}>
                <option value="clear">Clear</option>
                <option value="suspect">Suspect</option>
                <option value="unreadable">Unreadable</option>
              </select>
            </div>
          </div>
        </fieldset>
      ) : null}
      {correcting ? (
        <fieldset>
          <legend>Corrected assessment ({now.currency})</legend>
          <p className="hint">
            The duty and tax the control established, in total (assessed now: duty {now.dutyTotal}, tax {now.taxTotal}); leave them as they are if the
            control changes neither. The difference is due at the border.
          </p>
          <div className="row">
            <div className="field">
              <label htmlFor="corr-duty">Duty</label>
              <input id="corr-duty" inputMode="decimal" pattern="[0-9]+(\.[0-9]+)?" value={duty} onChange={(e) => setDuty(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="corr-tax">Tax</label>
              <input id="corr-tax" inputMode="decimal" pattern="[0-9]+(\.[0-9]+)?" value={tax} onChange={(e) => setTax(e.target.value)} required />
            </div>
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="corr-reason">Reason</label>
              <input id="corr-reason" value={reason} onChange={(e) => setReason(e.target.value)} required={changed} style={{ width: '100%' }} />
            </div>
          </div>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="insp-note">
          Note <span className="hint">(optional)</span>
        </label>
        <textarea id="insp-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </div>
      <button type="submit" disabled={props.busy}>
        Record the inspection
      </button>
    </form>
  );
}

function ReferForm({ busy, onSubmit }: { busy: boolean; onSubmit: (agency: string, note: string) => void }): ReactNode {
  const [agency, setAgency] = useState('');
  // The agencies the agency rules name, offered as choices; another agency's party id can still be typed.
  const rules = useApi<Array<{ agency: string; name: string; domain: string }>>('/v1/agency-rules');
  const agencies = [...new Map((rules.data ?? []).map((r) => [r.agency, r.domain])).entries()];
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(agency.trim(), note.trim());
      }}
      aria-label="Refer to an agency"
    >
      <div className="field">
        <label htmlFor="refer-agency">
          Agency <span className="hint">(its party id)</span>
        </label>
        <input id="refer-agency" list="refer-agencies" value={agency} onChange={(e) => setAgency(e.target.value)} required />
        <datalist id="refer-agencies">
          {agencies.map(([id, domain]) => (
            <option key={id} value={id}>
              {domain}
            </option>
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="refer-note">Why</label>
        <textarea id="refer-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </div>
      <button type="submit" disabled={busy}>
        Refer the parcel
      </button>
    </form>
  );
}

function DecisionForm({ busy, onSubmit }: { busy: boolean; onSubmit: (decision: string, note: string) => void }): ReactNode {
  const [decision, setDecision] = useState('release');
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(decision, note.trim());
      }}
      aria-label="Agency decision"
    >
      <fieldset>
        <legend>Decision</legend>
        {(['release', 'hold', 'refuse'] as const).map((d) => (
          <label key={d} style={{ fontWeight: 400 }}>
            <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} /> {d === 'release' ? 'Release: no objection' : d === 'hold' ? 'Hold: we need to examine it' : 'Refuse entry (final)'}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="decision-note">Reason</label>
        <textarea id="decision-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required={decision !== 'release'} maxLength={1000} />
      </div>
      <button type="submit" disabled={busy}>
        Record the decision
      </button>
    </form>
  );
}
