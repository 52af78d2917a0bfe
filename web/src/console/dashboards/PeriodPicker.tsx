// The dashboards' period: first and last day of arrival, or a quick choice of the last 7, 30 or 90 days.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { periodProblem, QUICK_DAYS, lastDays, quickChoiceOf, type Period } from './period.ts';

export function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }): ReactNode {
  const [draft, setDraft] = useState(period);
  const [problem, setProblem] = useState<ReturnType<typeof periodProblem>>(null);
  // A new address (a quick choice, the back button) shows its period in the fields.
  useEffect(() => {
    setDraft(period);
    setProblem(null);
  }, [period.from, period.to]);
  const quick = quickChoiceOf(period);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = periodProblem(draft);
    setProblem(p);
    if (!p) onChange(draft);
  };
  const invalid = (field: 'from' | 'to') => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'period-problem' } : {});
  return (
    <form className="period card" onSubmit={submit} aria-labelledby="period-legend" noValidate>
      <fieldset>
        <legend id="period-legend">Period: days of arrival (UTC), both included</legend>
        <div className="row">
          <div className="field">
            <label htmlFor="period-from">From</label>
            <input id="period-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} required {...invalid('from')} />
          </div>
          <div className="field">
            <label htmlFor="period-to">To</label>
            <input id="period-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} required {...invalid('to')} />
          </div>
          <div className="field">
            <button type="submit">Show</button>
          </div>
          <div className="field quick" role="group" aria-label="Quick choices">
            {QUICK_DAYS.map((days) => (
              <button key={days} type="button" className={quick === days ? undefined : 'secondary'} aria-pressed={quick === days} onClick={() => onChange(lastDays(days))}>
                Last {days} days
              </button>
            ))}
          </div>
        </div>
        {problem ? (
          <p id="period-problem" className="error-text" role="alert">
            {problem.message}
          </p>
        ) : null}
      </fieldset>
    </form>
  );
}
