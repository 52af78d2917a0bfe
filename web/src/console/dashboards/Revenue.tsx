// Revenue (standard 14): duty and tax assessed against what was collected, refunded and is still outstanding, per
// revenue collection model and currency. Amounts stay decimal strings; a bar's length alone is read as a number.
import type { ReactNode } from 'react';
import { money } from '../../shared/format.ts';
import { Bars, type Series } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { Metrics, RevenueFigures } from './types.ts';
import { modelLabel } from './words.ts';

interface Row {
  model: string;
  currency: string;
  figures: RevenueFigures;
}

const MEASURES: ReadonlyArray<{ key: keyof RevenueFigures; name: string }> = [
  { key: 'assessed', name: 'Assessed' },
  { key: 'collected', name: 'Collected' },
  { key: 'refunded', name: 'Refunded' },
  { key: 'outstanding', name: 'Outstanding' },
];

const amount = (r: Row, k: keyof RevenueFigures) => money({ amount: r.figures[k], currency: r.currency });

const series: ReadonlyArray<Series<Row>> = MEASURES.map((x) => ({
  key: x.key,
  name: x.name,
  short: x.name.toLowerCase(),
  // The bar's length only; the label and the table show the exact decimal amount.
  value: (r) => Number(r.figures[x.key]),
  label: (r) => amount(r, x.key),
}));

export function RevenueDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const rows: Row[] = Object.entries(m.revenue).flatMap(([model, byCurrency]) => Object.entries(byCurrency).map(([currency, figures]) => ({ model, currency, figures })));
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return (
    <Dashboard
      id="revenue"
      title="Revenue assessed and collected"
      what="Duty and tax assessed on parcels against what was collected, refunded, and is still outstanding, per revenue collection model (who collects: the vendor or platform at checkout, the carrier on delivery, the consumer before release, an importer’s account) and currency. Counted from the ledger's transactions dated in the period; outstanding is what they left unpaid."
      csv={csv}
      csvSections="revenue"
    >
      {rows.length === 0 ? (
        <Empty>No revenue assessed yet</Empty>
      ) : (
        <>
          {currencies.map((currency) => {
            const mine = rows.filter((r) => r.currency === currency);
            return (
              <div key={currency}>
                <h3>In {currency}</h3>
                <Bars
                  name={`revenue-${currency}`}
                  summary={`Revenue in ${currency} per collection model: ${mine.map((r) => `${modelLabel(r.model)}: ${MEASURES.map((x) => `${x.name.toLowerCase()} ${amount(r, x.key)}`).join(', ')}`).join('; ')}.`}
                  rows={mine}
                  rowLabel={(r) => modelLabel(r.model)}
                  series={series}
                  axis={`Amount (${currency})`}
                  tick={(v) => v.toLocaleString('en')}
                />
              </div>
            );
          })}
          <FiguresTable name="revenue" caption="Revenue per collection model and currency, in the period">
            <thead>
              <tr>
                <th scope="col">Collection model</th>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Assessed
                </th>
                <th scope="col" className="num">
                  Collected
                </th>
                <th scope="col" className="num">
                  Refunded
                </th>
                <th scope="col" className="num">
                  Refunds paid
                </th>
                <th scope="col" className="num">
                  Outstanding
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.model}.${r.currency}`} data-key={`${r.model}.${r.currency}`}>
                  <th scope="row">{modelLabel(r.model)}</th>
                  <td>{r.currency}</td>
                  <td className="num">{amount(r, 'assessed')}</td>
                  <td className="num">{amount(r, 'collected')}</td>
                  <td className="num">{amount(r, 'refunded')}</td>
                  <td className="num">{amount(r, 'refundsPaid')}</td>
                  <td className="num">{amount(r, 'outstanding')}</td>
                </tr>
              ))}
            </tbody>
          </FiguresTable>
        </>
      )}
    </Dashboard>
  );
}
