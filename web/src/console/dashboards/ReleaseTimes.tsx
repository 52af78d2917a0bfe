// Time to release (a time release study, standard 14): how long parcels wait from arrival to release, as a histogram,
// and the 10th percentile, median and 90th percentile per lane and per carrier.
import { useState, type ReactNode } from 'react';
import { hours } from '../../shared/format.ts';
import { Bars, type Series } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { Metrics, ReleaseTimes } from './types.ts';
import { bucketLabel, count, laneLabel } from './words.ts';

interface Group {
  key: string;
  label: string;
  times: ReleaseTimes;
}

const groupsOf = (m: Metrics) => ({
  lanes: Object.entries(m.release.byLane).map(([k, t]): Group => ({ key: k, label: laneLabel(k), times: t })),
  carriers: Object.entries(m.release.byCarrier).map(([k, t]): Group => ({ key: k, label: k === 'unknown' ? 'Carrier unknown' : k, times: t })),
});

const bucketsOf = (t: ReleaseTimes) => t.histogram.map((h, i) => ({ label: bucketLabel(h.upToHours, t.histogram[i - 1]?.upToHours), count: h.count }));

const PERCENTILES: ReadonlyArray<{ key: 'p10' | 'median' | 'p90'; name: string; short: string }> = [
  { key: 'p10', name: '10th percentile (p10)', short: 'p10' },
  { key: 'median', name: 'Median', short: 'median' },
  { key: 'p90', name: '90th percentile (p90)', short: 'p90' },
];

const percentileSeries: ReadonlyArray<Series<Group>> = PERCENTILES.map((p) => ({
  key: p.key,
  name: p.name,
  short: p.short,
  value: (g) => g.times.hours?.[p.key] ?? null,
  label: (g) => (g.times.hours ? hours(g.times.hours[p.key]) : 'none released'),
}));

const percentileSummary = (what: string, groups: Group[]) =>
  `Hours from arrival to release ${what}: ` +
  groups
    .map((g) => (g.times.hours ? `${g.label}: median ${hours(g.times.hours.median)}, 10th percentile ${hours(g.times.hours.p10)}, 90th percentile ${hours(g.times.hours.p90)}` : `${g.label}: none released`))
    .join('; ') +
  '.';

export function ReleaseTimesDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const [scope, setScope] = useState('all');
  const { lanes, carriers } = groupsOf(m);
  const scopes: Group[] = [{ key: 'all', label: 'All parcels', times: m.release.all }, ...lanes.map((g) => ({ ...g, key: `lane:${g.key}`, label: `Lane: ${g.label}` })), ...carriers.map((g) => ({ ...g, key: `carrier:${g.key}`, label: `Carrier: ${g.label}` }))];
  const chosen = scopes.find((s) => s.key === scope) ?? scopes[0]!;
  const buckets = bucketsOf(chosen.times);
  const waiting = chosen.times.arrived - chosen.times.released;
  const columns: Group[] = [{ key: 'all', label: 'All parcels', times: m.release.all }, ...lanes, ...carriers.map((g) => ({ ...g, key: `carrier:${g.key}` }))];
  return (
    <Dashboard
      id="release-times"
      title="Time to release"
      what="A time release study of the parcels that arrived in the period: how long each waited from its arrival to its release, counted in bands of time, and the 10th percentile, median and 90th percentile of that wait per lane and per carrier."
      csv={csv}
      csvSections="release, release.lane and release.carrier"
    >
      {m.release.all.arrived === 0 ? (
        <Empty />
      ) : (
        <>
          <h3>How long parcels waited</h3>
          <div className="field">
            <label htmlFor="release-scope">Parcels counted</label>
            <select id="release-scope" value={chosen.key} onChange={(e) => setScope(e.target.value)}>
              {scopes.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          {chosen.times.released === 0 ? (
            <Empty>None of these {count(chosen.times.arrived)} parcels has been released yet.</Empty>
          ) : (
            <Bars
              name="release-histogram"
              layout="columns"
              summary={`Histogram of the time from arrival to release of the ${count(chosen.times.released)} parcels released (${chosen.label.toLowerCase()}): ${buckets.map((b) => `${b.label.toLowerCase()}: ${count(b.count)}`).join(', ')}; ${count(waiting)} not released yet.`}
              rows={buckets}
              rowLabel={(b) => b.label}
              series={[{ key: 'count', name: 'Parcels released', value: (b) => b.count, label: (b) => count(b.count) }]}
              axis="Parcels released"
              tick={(v) => count(v)}
              integer
            />
          )}
          <p>
            {count(chosen.times.released)} of {count(chosen.times.arrived)} parcels released
            {waiting > 0 ? `; ${count(waiting)} not released yet (not in the histogram)` : ''}.
            {chosen.times.hours ? ` Mean wait ${hours(chosen.times.hours.mean)}.` : ''}
          </p>
          <FiguresTable name="release-histogram" caption="Parcels released within each band of time after arrival, per lane and per carrier">
            <thead>
              <tr>
                <th scope="col">Time to release</th>
                {columns.map((c) => (
                  <th scope="col" className="num" key={c.key}>
                    {c.key.startsWith('carrier:') ? `Carrier ${c.label}` : c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.release.all.histogram.map((h, i) => (
                <tr key={i} data-key={h.upToHours === null ? 'later' : String(h.upToHours)}>
                  <th scope="row">{bucketLabel(h.upToHours, m.release.all.histogram[i - 1]?.upToHours)}</th>
                  {columns.map((c) => (
                    <td className="num" key={c.key}>
                      {count(c.times.histogram[i]?.count ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
              <tr data-key="waiting">
                <th scope="row">Not released yet</th>
                {columns.map((c) => (
                  <td className="num" key={c.key}>
                    {count(c.times.arrived - c.times.released)}
                  </td>
                ))}
              </tr>
              <tr data-key="arrived">
                <th scope="row">Arrived</th>
                {columns.map((c) => (
                  <td className="num" key={c.key}>
                    {count(c.times.arrived)}
                  </td>
                ))}
              </tr>
            </tbody>
          </FiguresTable>

          <h3>Per lane</h3>
          <Bars name="release-lanes" summary={percentileSummary('per lane', lanes)} rows={lanes} rowLabel={(g) => g.label} series={percentileSeries} axis="Hours from arrival to release" tick={(v) => `${v} h`} />
          <PercentileTable name="release-lanes" caption="Time from arrival to release per lane" head="Lane" groups={lanes} />
          <h3>Per carrier</h3>
          <Bars name="release-carriers" summary={percentileSummary('per carrier', carriers)} rows={carriers} rowLabel={(g) => g.label} series={percentileSeries} axis="Hours from arrival to release" tick={(v) => `${v} h`} />
          <PercentileTable name="release-carriers" caption="Time from arrival to release per carrier" head="Carrier" groups={carriers} />
        </>
      )}
    </Dashboard>
  );
}

function PercentileTable({ name, caption, head, groups }: { name: string; caption: string; head: string; groups: Group[] }): ReactNode {
  return (
    <FiguresTable name={name} caption={caption}>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            Arrived
          </th>
          <th scope="col" className="num">
            Released
          </th>
          <th scope="col" className="num">
            10th percentile
          </th>
          <th scope="col" className="num">
            Median
          </th>
          <th scope="col" className="num">
            90th percentile
          </th>
          <th scope="col" className="num">
            Mean
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.key} data-key={g.key}>
            <th scope="row">{g.label}</th>
            <td className="num">{count(g.times.arrived)}</td>
            <td className="num">{count(g.times.released)}</td>
            <td className="num">{hours(g.times.hours?.p10)}</td>
            <td className="num">{hours(g.times.hours?.median)}</td>
            <td className="num">{hours(g.times.hours?.p90)}</td>
            <td className="num">{hours(g.times.hours?.mean)}</td>
          </tr>
        ))}
      </tbody>
    </FiguresTable>
  );
}
