// Advance electronic data, per partner (standard 14 with standard 11): how many filings were refused, how much of the
// order and logistics data came in time, and how many hours before the parcel's arrival it came.
import type { ReactNode } from 'react';
import { hours, percent } from '../../shared/format.ts';
import { Bars, type Series } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { Metrics, PartnerFigures, Timeliness } from './types.ts';
import { count, roleLabel } from './words.ts';

interface Row {
  id: string;
  label: string;
  p: PartnerFigures;
}

const KINDS = [
  { key: 'orderData', name: 'Order data', short: 'order' },
  { key: 'logisticsData', name: 'Logistics data', short: 'logistics' },
] as const;

const refusalLabel = (p: PartnerFigures) => `${percent(p.rejectionRate)} (${count(p.rejected)} of ${count(p.rejected + p.accepted)})`;
const onTimeLabel = (t: Timeliness) => (t.consignments === 0 ? 'none sent' : `${percent(t.beforeDeadlineShare)} (${count(t.beforeDeadline)} of ${count(t.consignments)})`);
const leadLabel = (t: Timeliness) => (t.hoursBeforeArrival ? hours(t.hoursBeforeArrival.median) : 'none sent');
const leadRange = (t: Timeliness) => (t.hoursBeforeArrival ? `${hours(t.hoursBeforeArrival.p10)} to ${hours(t.hoursBeforeArrival.p90)}` : '—');

const refusals: ReadonlyArray<Series<Row>> = [{ key: 'refused', name: 'Refused', value: (r) => r.p.rejectionRate, label: (r) => refusalLabel(r.p) }];
const onTime: ReadonlyArray<Series<Row>> = KINDS.map((k) => ({ key: k.key, name: k.name, short: k.short, value: (r) => r.p[k.key].beforeDeadlineShare, label: (r) => onTimeLabel(r.p[k.key]) }));
const lead: ReadonlyArray<Series<Row>> = KINDS.map((k) => ({
  key: k.key,
  name: `${k.name}, median`,
  short: k.short,
  value: (r) => r.p[k.key].hoursBeforeArrival?.median ?? null,
  label: (r) => leadLabel(r.p[k.key]),
  range: (r) => {
    const h = r.p[k.key].hoursBeforeArrival;
    return h ? [h.p10, h.p90] : null;
  },
}));

const share = (v: number) => `${Math.round(v * 100)} %`;

export function PartnersDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const rows: Row[] = Object.entries(m.partners).map(([id, p]) => ({ id, label: `${p.name ?? id} (${roleLabel(p.role)})`, p }));
  const senders = rows.filter((r) => r.p.orderData.consignments + r.p.logisticsData.consignments > 0);
  return (
    <Dashboard
      id="partners"
      title="Advance data per partner"
      what="For each partner that sent data in the period: the share of its filings Clearway refused, the share of parcels whose order or logistics data came before the deadline, and how many hours before the parcel’s arrival it came (median; whiskers from the 10th to the 90th percentile)."
      csv={csv}
      csvSections="partners"
    >
      {rows.length === 0 ? (
        <Empty>No partner sent data in this period</Empty>
      ) : (
        <>
          <h3>Filings refused</h3>
          <Bars name="partners-refusals" summary={`Share of filings refused per partner: ${rows.map((r) => `${r.label} ${refusalLabel(r.p)}`).join('; ')}.`} rows={rows} rowLabel={(r) => r.label} series={refusals} domain={[0, 1]} tick={share} axis="Share of filings refused" />
          {senders.length === 0 ? (
            <Empty>No partner sent order or logistics data for parcels that arrived in this period</Empty>
          ) : (
            <div className="grid2">
              <div>
                <h3>Data in time</h3>
                <Bars
                  name="partners-on-time"
                  summary={`Share of parcels whose data came before the deadline, per partner: ${senders.map((r) => `${r.label}: order data ${onTimeLabel(r.p.orderData)}, logistics data ${onTimeLabel(r.p.logisticsData)}`).join('; ')}.`}
                  rows={senders}
                  rowLabel={(r) => r.label}
                  series={onTime}
                  domain={[0, 1]}
                  tick={share}
                  axis="Share of parcels, data before the deadline"
                />
              </div>
              <div>
                <h3>Hours before arrival</h3>
                <Bars
                  name="partners-lead"
                  summary={`Hours between the data and the parcel’s arrival, per partner: ${senders.map((r) => `${r.label}: order data ${leadLabel(r.p.orderData)} (${leadRange(r.p.orderData)}), logistics data ${leadLabel(r.p.logisticsData)} (${leadRange(r.p.logisticsData)})`).join('; ')}.`}
                  rows={senders}
                  rowLabel={(r) => r.label}
                  series={lead}
                  axis="Hours before arrival"
                  tick={(v) => `${v} h`}
                  notes={<p className="hint">Whiskers: from the 10th to the 90th percentile.</p>}
                />
              </div>
            </div>
          )}
          <FiguresTable name="partners" caption="Filings refused and advance data timeliness per partner">
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  Partner
                </th>
                <th scope="colgroup" colSpan={3}>
                  Filings
                </th>
                {KINDS.map((k) => (
                  <th scope="colgroup" colSpan={3} key={k.key}>
                    {k.name}
                  </th>
                ))}
              </tr>
              <tr>
                <th scope="col" className="num">
                  Accepted
                </th>
                <th scope="col" className="num">
                  Refused
                </th>
                <th scope="col" className="num">
                  Refusal rate
                </th>
                {KINDS.map((k) => [
                  <th scope="col" className="num" key={`${k.key}-t`}>
                    In time
                  </th>,
                  <th scope="col" className="num" key={`${k.key}-a`}>
                    After arrival
                  </th>,
                  <th scope="col" key={`${k.key}-h`}>
                    Hours before arrival: median (10th to 90th percentile)
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-key={r.id}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{count(r.p.accepted)}</td>
                  <td className="num">{count(r.p.rejected)}</td>
                  <td className="num">{percent(r.p.rejectionRate)}</td>
                  {KINDS.map((k) => [
                    <td className="num" key={`${k.key}-t`}>
                      {onTimeLabel(r.p[k.key])}
                    </td>,
                    <td className="num" key={`${k.key}-a`}>
                      {count(r.p[k.key].afterArrival)}
                    </td>,
                    <td key={`${k.key}-h`}>{r.p[k.key].hoursBeforeArrival ? `${leadLabel(r.p[k.key])} (${leadRange(r.p[k.key])})` : '—'}</td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </FiguresTable>
        </>
      )}
    </Dashboard>
  );
}
