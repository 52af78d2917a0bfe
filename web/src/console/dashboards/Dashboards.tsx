// The dashboards (WCO Framework standard 14, mechanisms of measurement): time to release, release on arrival, hit
// rates, revenue, advance data per partner and returns, for one period, from GET /v1/metrics. Loaded lazily: the
// charts library stays out of the console's first page.
import { useConsoleTitle } from '../title.ts';
import type { ReactNode } from 'react';
import { useLocation, useSearch } from 'wouter';
import { query } from '../../shared/api.ts';
import { Loading, Problems } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';
import { ChartPatterns } from './charts.tsx';
import type { CsvLink } from './Dashboard.tsx';
import { HitRatesDashboard } from './HitRates.tsx';
import { ImmediateReleaseDashboard } from './ImmediateRelease.tsx';
import { PartnersDashboard } from './Partners.tsx';
import { PeriodPicker } from './PeriodPicker.tsx';
import { metricsUrl, periodFrom, periodLabel, periodProblem, type Period } from './period.ts';
import { ReleaseTimesDashboard } from './ReleaseTimes.tsx';
import { ReturnsDashboard } from './Returns.tsx';
import { RevenueDashboard } from './Revenue.tsx';
import type { Metrics } from './types.ts';
import { count } from './words.ts';
import './dashboards.css';

const SECTIONS = [
  { id: 'release-times', title: 'Time to release', Dashboard: ReleaseTimesDashboard },
  { id: 'immediate-release', title: 'Released on arrival', Dashboard: ImmediateReleaseDashboard },
  { id: 'hit-rates', title: 'Hit rates', Dashboard: HitRatesDashboard },
  { id: 'revenue', title: 'Revenue', Dashboard: RevenueDashboard },
  { id: 'partners', title: 'Advance data per partner', Dashboard: PartnersDashboard },
  { id: 'returns', title: 'Returns', Dashboard: ReturnsDashboard },
] as const;

export default function Dashboards(): ReactNode {
  const [location, navigate] = useLocation();
  const search = useSearch();
  const period = periodFrom(new URLSearchParams(search));
  const problem = periodProblem(period);
  const { data, error, loading } = useApi<Metrics>(problem ? null : metricsUrl(period));
  const setPeriod = (p: Period) => navigate(location + query({ from: p.from, to: p.to }));
  useConsoleTitle('Dashboards');
  // The figures on screen, and the period they are for (while a new period loads, the last one stays, marked busy).
  const shown: Period | undefined = data && { from: data.from, to: data.to };
  const csv: CsvLink | undefined = shown && { href: metricsUrl(shown, 'csv'), filename: `clearway-metrics-${shown.from}-${shown.to}.csv`, period: periodLabel(shown) };
  return (
    <div className="dashboards">
      <ChartPatterns />
      <h1>Dashboards</h1>
      <p className="muted">How clearance is doing, measured as the WCO Framework of Standards on Cross-Border E-Commerce asks (standard 14). Every chart counts the parcels that arrived in the period chosen.</p>
      <PeriodPicker period={period} onChange={setPeriod} />
      {problem ? <Problems error={new Error(`This period cannot be shown: ${problem.message}`)} /> : null}
      <Problems error={error} />
      {loading ? <Loading what={`the figures for ${periodLabel(period)}`} /> : null}
      {data && csv ? (
        <div aria-busy={loading} className={loading ? 'stale' : undefined}>
          <div className="period-summary">
            <p>
              <span data-period-shown={`${data.from}/${data.to}`}>
                Figures for <strong>{csv.period}</strong>
              </span>
              : <strong data-headline="arrived">{count(data.release.all.arrived)}</strong> parcels arrived, {count(data.release.all.released)} released.
            </p>
            <p>
              <a href={csv.href} download={csv.filename} data-csv="all">
                Download every figure for this period as CSV
              </a>
            </p>
          </div>
          <nav aria-label="Dashboards on this page" className="contents">
            <ul>
              {SECTIONS.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`}>{s.title}</a>
                </li>
              ))}
            </ul>
          </nav>
          {SECTIONS.map(({ id, Dashboard }) => (
            <Dashboard key={id} m={data} csv={csv} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
