// Immediate release (standard 14, after the Immediate Release Guidelines): the share of the parcels that arrived which
// Clearway released at the moment of arrival, on the data received before it, overall and per lane.
import type { ReactNode } from 'react';
import { percent } from '../../shared/format.ts';
import { Bars } from './charts.tsx';
import { Dashboard, Empty, FiguresTable, type CsvLink } from './Dashboard.tsx';
import type { Metrics, ReleaseTimes } from './types.ts';
import { count, laneLabel } from './words.ts';

interface Row {
  key: string;
  label: string;
  times: ReleaseTimes;
}

const shareLabel = (t: ReleaseTimes) => `${percent(t.immediateShare)} (${count(t.immediate)} of ${count(t.arrived)})`;

export function ImmediateReleaseDashboard({ m, csv }: { m: Metrics; csv: CsvLink }): ReactNode {
  const all = m.release.all;
  const rows: Row[] = [{ key: 'all', label: 'All lanes', times: all }, ...Object.entries(m.release.byLane).map(([k, t]) => ({ key: k, label: laneLabel(k), times: t }))];
  return (
    <Dashboard
      id="immediate-release"
      title="Released on arrival"
      what="The share of the parcels that arrived in the period which were released at the moment of arrival, on the advance data alone, with no officer involved (immediate release). Only parcels in the release lane can be; a control lane never is."
      csv={csv}
      csvSections="release and release.lane (measures immediate and immediateShare)"
    >
      {all.arrived === 0 ? (
        <Empty />
      ) : (
        <>
          <p className="headline" data-headline="immediate-share">
            <strong>{percent(all.immediateShare)}</strong> released on arrival: {count(all.immediate)} of {count(all.arrived)} parcels.
          </p>
          <Bars
            name="immediate-release"
            summary={`Share released on arrival: ${rows.map((r) => `${r.label} ${shareLabel(r.times)}`).join('; ')}.`}
            rows={rows}
            rowLabel={(r) => r.label}
            series={[{ key: 'share', name: 'Released on arrival', value: (r) => r.times.immediateShare, label: (r) => shareLabel(r.times) }]}
            domain={[0, 1]}
            tick={(v) => `${Math.round(v * 100)} %`}
            axis="Share of the parcels that arrived"
          />
          <FiguresTable name="immediate-release" caption="Parcels released at the moment of arrival, overall and per lane">
            <thead>
              <tr>
                <th scope="col">Lane</th>
                <th scope="col" className="num">
                  Arrived
                </th>
                <th scope="col" className="num">
                  Released on arrival
                </th>
                <th scope="col" className="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{count(r.times.arrived)}</td>
                  <td className="num">{count(r.times.immediate)}</td>
                  <td className="num">{percent(r.times.immediateShare)}</td>
                </tr>
              ))}
            </tbody>
          </FiguresTable>
        </>
      )}
    </Dashboard>
  );
}
