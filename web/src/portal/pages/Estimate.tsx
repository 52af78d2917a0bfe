// The landed-cost estimator (standard 13): what a buyer will pay on a parcel from abroad, before buying.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { Loading, Problems } from '../../shared/ui.tsx';
import { ErrorSummary, type Refusal } from '../form.tsx';
import { usePageTitle } from '../page.ts';
import { useHomePack, usePacks, type PackFacts } from '../packs.ts';
import type { Assessment } from '../estimate/assessment.ts';
import { BasketForm, packOf } from '../estimate/BasketForm.tsx';
import { EstimateResult } from '../estimate/EstimateResult.tsx';
import { emptyItem, explain, fieldLabel, fieldOf, inputId, toRequest, type BasketForm as Form } from '../estimate/basket.ts';

const blank = (destination: string, currency: string): Form => ({
  destination,
  currency,
  origin: '',
  service: 'post',
  marketplace: false,
  gift: false,
  items: [emptyItem()],
  shippingCost: '',
  insuranceCost: '',
  registered: false,
  scheme: '',
  registrationNumber: '',
  taxCharged: '',
});

export function Estimate(): ReactNode {
  usePageTitle('Estimate what you pay');
  const packs = usePacks();
  const home = useHomePack();
  return (
    <div className="narrow">
      <h1>Estimate what you pay</h1>
      <p>Before you buy from abroad, see the customs duty, tax and fees on your parcel, who collects them and when.</p>
      {packs.error ? <Problems error={packs.error} /> : null}
      {packs.data && (home.data || home.error) ? (
        <Estimator packs={packs.data} destination={home.data?.homeCountry ?? ''} currency={home.data?.currency ?? 'EUR'} />
      ) : packs.error ? null : (
        <Loading what="the estimator" />
      )}
    </div>
  );
}

interface Result {
  assessment: Assessment;
  itemNames: string[];
}

function Estimator({ packs, destination, currency }: { packs: PackFacts[]; destination: string; currency: string }): ReactNode {
  const [form, setForm] = useState<Form>(() => blank(destination, currency));
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>();
  const [problems, setProblems] = useState<Refusal[]>([]);
  const [failure, setFailure] = useState<unknown>();
  const summary = useRef<HTMLDivElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  // Focus goes where the answer is: the result, or the list of problems, so a screen reader reads it next.
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);
  useEffect(() => {
    if (problems.length > 0) summary.current?.focus();
  }, [problems]);

  const estimate = async () => {
    setBusy(true);
    setFailure(undefined);
    const itemNames = form.items.map((i) => i.description.trim());
    try {
      const assessment = await api<Assessment>('/v1/estimate', { method: 'POST', body: toRequest(form) });
      setProblems([]);
      setResult({ assessment, itemNames });
    } catch (e) {
      setResult(undefined);
      if (e instanceof ApiError && (e.status === 400 || e.status === 422)) {
        const packCurrency = packOf(packs, form.destination)?.currency;
        setProblems(
          e.problems.map((p) => {
            const field = fieldOf(p.path);
            const message = explain(p, field, packCurrency ? { packCurrency } : {});
            return { field, message, text: field ? `${fieldLabel(field)}: ${message}` : message, ...(field ? { fieldId: inputId(field) } : {}) };
          }),
        );
      } else {
        setProblems([]);
        setFailure(e);
      }
    } finally {
      setBusy(false);
    }
  };

  // One message per field next to it; the summary lists them all.
  const errors: Record<string, string> = {};
  for (const p of problems) if (p.field && !errors[p.field]) errors[p.field] = p.message;

  return (
    <>
      <ErrorSummary ref={summary} problems={problems} />
      {failure ? <Problems error={failure} /> : null}
      <BasketForm form={form} onChange={setForm} errors={errors} packs={packs} busy={busy} onSubmit={() => void estimate()} />
      {result ? <EstimateResult ref={resultHeading} a={result.assessment} itemNames={result.itemNames} /> : null}
    </>
  );
}
