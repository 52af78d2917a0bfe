// Returns (standard 14 with standard 12): of the parcels that arrived in the period, how many the consumer asked to
// return, how many went back out of the territory, and how many had their duty and tax refunded.
import type { ReactNode } from 'react';
import { percent } from '../../shared/format.ts';
import { Bars } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { Metrics } from './types.ts';
import { count } from './words.ts';

const STAGES = [
  { key: 'requested', label: 'Return requested' },
  { key: 'returned', label: 'Goods returned (exported)' },
  { key: 'refunded', label: 'Duty and tax refunded' },
] as const;

export function ReturnsDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const arrived = m.release.all.arrived;
  const rows = STAGES.map((s) => ({ ...s, n: m.returns[s.key] }));
  const none = rows.every((r) => r.n === 0);
  const shareOf = (n: number) => percent(arrived === 0 ? null : n / arrived);
  return (
    <Dashboard
      id="returns"
      title="Returns"
      what="Of the parcels that arrived in the period: how many the buyer asked to return, how many were then exported back with proof, and how many had their duty and tax refunded."
      csv={csv}
      csvSections="returns"
    >
      {arrived === 0 ? (
        <Empty />
      ) : (
        <>
          {none ? (
            <Empty>None of the {count(arrived)} parcels that arrived in this period was returned.</Empty>
          ) : (
            <Bars
              name="returns"
              layout="columns"
              summary={`Returns of the ${count(arrived)} parcels that arrived: ${rows.map((r) => `${r.label.toLowerCase()} ${count(r.n)}`).join(', ')}.`}
              rows={rows}
              rowLabel={(r) => r.label}
              series={[{ key: 'n', name: 'Parcels', value: (r) => r.n, label: (r) => count(r.n) }]}
              axis="Parcels"
              tick={(v) => count(v)}
              integer
            />
          )}
          <FiguresTable name="returns" caption="Returns of the parcels that arrived in the period">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Parcels
                </th>
                <th scope="col" className="num">
                  Share of those that arrived
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{count(r.n)}</td>
                  <td className="num">{shareOf(r.n)}</td>
                </tr>
              ))}
            </tbody>
          </FiguresTable>
        </>
      )}
    </Dashboard>
  );
}
