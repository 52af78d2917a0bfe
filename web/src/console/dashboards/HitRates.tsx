// Hit rates (standard 14): of the controls with a recorded outcome, the share that found something, per lane and per
// way of selection, with the counts behind each rate and its likely range, so a rate from few controls looks weak.
import type { ReactNode } from 'react';
import { money, percent } from '../../shared/format.ts';
import { Bars, Swatch, type Series } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { HitRate, Metrics } from './types.ts';
import { count, FEW_CONTROLS, laneLabel, selectionLabel, wilson } from './words.ts';

interface Row {
  key: string;
  label: string;
  rate: HitRate;
}

const rateLabel = (r: HitRate) => (r.inspected === 0 ? 'no controls' : `${percent(r.hitRate)} (${count(r.hits)} of ${count(r.inspected)})`);
const rangeLabel = (r: HitRate) => {
  const w = wilson(r.hits, r.inspected);
  return w ? `${percent(w[0])} to ${percent(w[1])}` : '—';
};
const isWeak = (r: HitRate) => r.inspected > 0 && r.inspected < FEW_CONTROLS;

const series: ReadonlyArray<Series<Row>> = [
  {
    key: 'hitRate',
    name: 'Hit rate',
    value: (r) => r.rate.hitRate,
    label: (r) => rateLabel(r.rate),
    range: (r) => wilson(r.rate.hits, r.rate.inspected),
    weak: (r) => isWeak(r.rate),
  },
];

const summaryOf = (what: string, rows: Row[]) =>
  `Hit rate ${what}: ` +
  rows.map((r) => `${r.label} ${rateLabel(r.rate)}${r.rate.inspected > 0 ? `, likely ${rangeLabel(r.rate)}` : ''}${isWeak(r.rate) ? ', few controls' : ''}`).join('; ') +
  '.';

const notes = (
  <p className="hint">
    Whiskers: the range the true rate is likely in (95 %); the fewer the controls, the wider. <Swatch look={0} weak /> Hatched bars rest on fewer than {FEW_CONTROLS} controls.
  </p>
);

export function HitRatesDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const h = m.hitRates;
  const lanes: Row[] = Object.entries(h.byLane).map(([k, rate]) => ({ key: k, label: laneLabel(k), rate }));
  const selections: Row[] = Object.entries(h.bySelection).map(([k, rate]) => ({ key: k, label: selectionLabel(k), rate }));
  const random = h.bySelection.random;
  return (
    <Dashboard
      id="hit-rates"
      title="Hit rates"
      what="Of the controls with a recorded outcome, the share that found something (a revenue adjustment, prohibited goods, a misdescription, undervaluation), per lane and per way of selection. The counts say how many controls each rate rests on; random selections estimate what the rules and the model let through."
      csv={csv}
      csvSections="hitRates.lane, hitRates.selection and hitRates (random estimate)"
    >
      {h.overall.decided === 0 ? (
        <Empty />
      ) : (
        <>
          <p className="headline">
            Overall: <strong>{rateLabel(h.overall)}</strong> controls found something. Random selections: {random ? rateLabel(random) : 'none in this period'}; estimated share of
            faulty parcels among those no rule or score selected: <strong data-headline="random-estimate">{h.randomEstimate === null ? 'not measured yet' : percent(h.randomEstimate)}</strong>
            {h.randomEstimate === null ? ' (no random selection has an outcome)' : ''}.
          </p>
          <div className="grid2">
            <div>
              <h3>Per lane</h3>
              <Bars name="hit-rates-lanes" summary={summaryOf('per lane', lanes)} rows={lanes} rowLabel={(r) => r.label} series={series} domain={[0, 1]} tick={(v) => `${Math.round(v * 100)} %`} axis="Share of controls that found something" notes={notes} />
            </div>
            <div>
              <h3>Per way of selection</h3>
              <Bars name="hit-rates-selection" summary={summaryOf('per way of selection', selections)} rows={selections} rowLabel={(r) => r.label} series={series} domain={[0, 1]} tick={(v) => `${Math.round(v * 100)} %`} axis="Share of controls that found something" notes={notes} />
            </div>
          </div>
          <FiguresTable name="hit-rates" caption="Controls and what they found, per lane and per way of selection">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" className="num">
                  Decided
                </th>
                <th scope="col" className="num">
                  Sent to a control
                </th>
                <th scope="col" className="num">
                  Controls with an outcome
                </th>
                <th scope="col" className="num">
                  Hits
                </th>
                <th scope="col" className="num">
                  Hit rate
                </th>
                <th scope="col">Likely range (95 %)</th>
                <th scope="col" className="num">
                  Revenue adjusted
                </th>
              </tr>
            </thead>
            {(
              [
                ['Per lane', 'lane', lanes],
                ['Per way of selection', 'selection', selections],
                ['All', 'overall', [{ key: 'overall', label: 'All parcels', rate: h.overall }]],
              ] as const
            ).map(([title, group, rows]) => (
              <tbody key={group}>
                <tr>
                  <th scope="colgroup" colSpan={8} className="group">
                    {title}
                  </th>
                </tr>
                {rows.map((r) => (
                  <tr key={r.key} data-key={`${group}:${r.key}`}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{count(r.rate.decided)}</td>
                    <td className="num">{count(r.rate.selected)}</td>
                    <td className="num">{count(r.rate.inspected)}</td>
                    <td className="num">{count(r.rate.hits)}</td>
                    <td className="num">{percent(r.rate.hitRate)}</td>
                    <td>{rangeLabel(r.rate)}</td>
                    <td className="num">{Object.entries(r.rate.revenueAdjusted).map(([currency, amount]) => money({ amount, currency })).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </FiguresTable>
        </>
      )}
    </Dashboard>
  );
}
