// What the estimate says: what is due, to whom and when, then each duty, tax and fee line with its rate, base and law.
import type { ReactNode, Ref } from 'react';
import { Link } from 'wouter';
import { money } from '../../shared/format.ts';
import { placeName } from '../countries.ts';
import { isPositive, lineReason, lineTitle, lineWorking, type Assessment, type RevenueLine } from './assessment.ts';

/** An amount as shown, with the API's decimal string kept machine-readable beside it. */
function Amount({ a, amount }: { a: Assessment; amount: string }): ReactNode {
  return <data value={amount}>{money({ amount, currency: a.currency })}</data>;
}

export function EstimateResult({ a, itemNames, ref }: { a: Assessment; itemNames: string[]; ref?: Ref<HTMLHeadingElement> }): ReactNode {
  const atBorder = isPositive(a.dueAtBorder);
  const atCheckout = a.lines.some((l) => !l.dueAtBorder && isPositive(l.amount));
  const by = a.collectedBy === 'intermediary' ? 'the marketplace' : 'the seller';
  return (
    <section className="estimate-result" aria-labelledby="result-heading">
      <h2 id="result-heading" ref={ref} tabIndex={-1}>
        {atBorder ? (
          <>
            You pay <Amount a={a} amount={a.dueAtBorder} /> when the parcel arrives
          </>
        ) : atCheckout ? (
          'Nothing more to pay when the parcel arrives'
        ) : (
          'Nothing to pay on this parcel'
        )}
      </h2>
      <Who a={a} atBorder={atBorder} atCheckout={atCheckout} by={by} />
      <Figures a={a} atCheckout={atCheckout} />
      {a.lines.length > 0 ? (
        <>
          <h3>How it is worked out</h3>
          <ol className="lines">
            {a.lines.map((l, i) => (
              <Line key={i} a={a} line={l} itemNames={itemNames} by={by} />
            ))}
          </ol>
        </>
      ) : null}
      {a.findings.length > 0 ? (
        <div className="notice warn">
          <h3>Please note</h3>
          <ul>
            {a.findings.map((f) => (
              <li key={f.code + f.message}>{f.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {a.notes.length > 0 ? (
        <>
          <h3>Rules applied</h3>
          <ul className="notes">
            {a.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="source">
        An estimate for {placeName(a.destination)} under the law in force on {a.day} (rules {a.packVersion}). Customs assesses the parcel itself when it
        arrives, from the data the seller and the carrier send; the amount can differ if they declare it differently.
      </p>
    </section>
  );
}

function Who({ a, atBorder, atCheckout, by }: { a: Assessment; atBorder: boolean; atCheckout: boolean; by: string }): ReactNode {
  return (
    <>
      {atCheckout ? (
        <p>
          {by === 'the marketplace' ? 'The marketplace' : 'The seller'} collects the tax at checkout
          {a.scheme ? ` under ${a.scheme.scheme} (${a.scheme.registrationNumber})` : ''}: it should be in the price you pay when you order, so
          customs does not ask for it again.
        </p>
      ) : null}
      {atBorder ? (
        <p>
          {atCheckout ? 'What is left' : 'This'} is due when the parcel enters {placeName(a.destination)}. Either the carrier (the post or the courier) collects it from you on
          delivery, or customs keeps the parcel until you have paid: the <Link href="/status">parcel status</Link> page then says{' '}
          <strong>Payment due</strong> with the amount. The carrier may charge a fee of its own for handling it.
        </p>
      ) : !atCheckout ? (
        <p>No duty, tax or fee is due on these goods{a.reliefs.length > 0 ? ': a relief applies (see the rules applied below).' : '.'}</p>
      ) : null}
    </>
  );
}

function Figures({ a, atCheckout }: { a: Assessment; atCheckout: boolean }): ReactNode {
  const rows: Array<[string, string, string, string?]> = [
    ['intrinsicValue', 'Price of the goods', a.intrinsicValue, 'what you pay for the goods, without transport and insurance'],
    ['customsValue', 'Customs value', a.customsValue, 'the value duty and tax are worked out on'],
    ['dutyTotal', 'Customs duty', a.dutyTotal],
    ['taxTotal', 'Tax', a.taxTotal],
    ['feesTotal', 'Fees', a.feesTotal],
    ['total', 'Total duty, tax and fees', a.total],
  ];
  if (atCheckout) rows.push(['alreadyCollected', 'Declared as collected at checkout', a.alreadyCollected]);
  rows.push(['dueAtBorder', 'Due when the parcel arrives', a.dueAtBorder]);
  return (
    <dl className="figures">
      {rows.map(([key, label, amount, hint]) => (
        <div key={key} className={key === 'dueAtBorder' ? 'due' : undefined}>
          <dt>
            {label}
            {hint ? <span className="hint"> — {hint}</span> : null}
          </dt>
          <dd data-figure={key}>
            <Amount a={a} amount={amount} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Line({ a, line, itemNames, by }: { a: Assessment; line: RevenueLine; itemNames: string[]; by: string }): ReactNode {
  const reason = lineReason(line);
  return (
    <li className="card line" data-line={`${line.type}:${line.code}:${line.item ?? ''}`}>
      <div className="line-head">
        <h4>{lineTitle(line, itemNames)}</h4>
        <span className="line-amount">
          <Amount a={a} amount={line.amount} />
        </span>
      </div>
      <dl className="facts">
        <dt>Worked out as</dt>
        <dd>{lineWorking(line, (amount) => money({ amount, currency: a.currency }))}</dd>
        {reason ? (
          <>
            <dt>Why</dt>
            <dd>{reason}</dd>
          </>
        ) : null}
        <dt>Paid</dt>
        <dd>{line.dueAtBorder ? 'when the parcel arrives' : `at checkout, to ${by}`}</dd>
      </dl>
      <p className="source">Law: {line.source}</p>
    </li>
  );
}
