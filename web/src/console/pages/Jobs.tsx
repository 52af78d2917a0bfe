// Long operations run as jobs on the server: start one, watch its progress bar, read its result. Training the risk
// model and replaying the de minimis thresholds are jobs; an import of filings shows the upload's progress.
import { useConsoleTitle } from '../title.ts';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../shared/api.ts';
import { dateTime } from '../../shared/format.ts';
import { Loading, Problems, ProgressBar } from '../../shared/ui.tsx';
import { useApi } from '../../shared/use-api.ts';
import { useSession } from '../session.tsx';
import { ImportFilings } from './ImportFilings.tsx';

export interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number; phase: string; percent: number };
  result: unknown;
  error: { code: string; message: string } | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

const KIND_LABEL: Record<string, string> = { 'train-model': 'Train the risk model', 'simulate-thresholds': 'Simulate de minimis thresholds' };
const POLL_MS = 500;

/** Follows a job until it ends, or until the server says it cannot be read (unknown, not allowed). */
function useJob(id: string | undefined): { job: Job | undefined; error: unknown } {
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const j = await api<Job>(`/v1/jobs/${encodeURIComponent(id)}`);
        if (stopped) return;
        setJob(j);
        if (j.status === 'queued' || j.status === 'running') timer = setTimeout(poll, POLL_MS);
      } catch (e) {
        if (stopped) return;
        // A refusal will not change by asking again; a network hiccup may.
        if (e instanceof ApiError && e.status < 500) setError(e);
        else timer = setTimeout(poll, POLL_MS * 4);
      }
    };
    setError(undefined);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  return { job, error };
}

export function Jobs(): ReactNode {
  const { officer } = useSession();
  useConsoleTitle('Jobs');
  const recent = useApi<Job[] | { jobs: Job[] }>('/v1/jobs?limit=20');
  const [current, setCurrent] = useState<string>();
  const { job, error: jobError } = useJob(current);
  useEffect(() => {
    if (job && (job.status === 'succeeded' || job.status === 'failed')) recent.reload();
  }, [job?.status]);
  const jobs = Array.isArray(recent.data) ? recent.data : (recent.data?.jobs ?? []);
  return (
    <>
      <h1>Jobs</h1>
      <div className="grid2">
        <StartJob onStarted={setCurrent} />
        {officer?.role === 'admin' ? <ImportFilings /> : null}
      </div>
      <Problems error={jobError} />
      {job ? <JobCard job={job} /> : null}
      <h2>Recent jobs</h2>
      <Problems error={recent.error} />
      {recent.loading && !recent.data ? <Loading what="the jobs" /> : null}
      {recent.data && jobs.length === 0 ? <p className="muted">No job has run yet.</p> : null}
      {jobs.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Status</th>
              <th scope="col">Started by</th>
              <th scope="col">Started</th>
              <th scope="col">Ended</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>
                  <button className="secondary" onClick={() => setCurrent(j.id)}>
                    {KIND_LABEL[j.kind] ?? j.kind}
                  </button>
                </td>
                <td>
                  <span className={`badge ${j.status === 'succeeded' ? 'ok' : j.status === 'failed' ? 'bad' : 'info'}`}>{j.status}</span>
                </td>
                <td>{j.createdBy}</td>
                <td>{dateTime(j.createdAt)}</td>
                <td>{dateTime(j.finishedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function StartJob({ onStarted }: { onStarted: (id: string) => void }): ReactNode {
  const [kind, setKind] = useState('train-model');
  const [seed, setSeed] = useState('1');
  const [duties, setDuties] = useState('0,22,150');
  const [taxes, setTaxes] = useState('0,22');
  const [cost, setCost] = useState('2.50');
  const [error, setError] = useState<unknown>();
  const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const params = kind === 'train-model' ? { seed: Number(seed) } : { duties: list(duties), taxes: list(taxes), cost: cost.trim() };
    try {
      const job = await api<Job>('/v1/jobs', { method: 'POST', body: { kind, params } });
      onStarted(job.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Start a job">
      <h2>Start a job</h2>
      <div className="field">
        <label htmlFor="job-kind">Job</label>
        <select id="job-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {Object.entries(KIND_LABEL).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {kind === 'train-model' ? (
        <div className="field">
          <label htmlFor="job-seed">
            Seed <span className="hint">(the same seed on the same outcomes trains the same model)</span>
          </label>
          <input id="job-seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor="job-duties">Duty de minimis values to try</label>
            <input id="job-duties" value={duties} onChange={(e) => setDuties(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="job-taxes">Tax de minimis values to try</label>
            <input id="job-taxes" value={taxes} onChange={(e) => setTaxes(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="job-cost">Cost of collecting on one declaration</label>
            <input id="job-cost" inputMode="decimal" value={cost} onChange={(e) => setCost(e.target.value)} />
          </div>
        </>
      )}
      <Problems error={error} />
      <button type="submit">Start</button>
    </form>
  );
}

function JobCard({ job }: { job: Job }): ReactNode {
  return (
    <section className="card" aria-labelledby="job-h" style={{ margin: '1rem 0' }} data-testid="job">
      {/* Only the status is announced (started, succeeded, failed), not every step of the progress bar. */}
      <h2 id="job-h" aria-live="polite">
        {KIND_LABEL[job.kind] ?? job.kind}: {job.status}
      </h2>
      {job.status === 'running' || job.status === 'queued' ? <ProgressBar done={job.progress.done} total={job.progress.total} label={job.progress.phase || 'working'} /> : null}
      {job.status === 'failed' && job.error ? <p className="notice bad">{job.error.message}</p> : null}
      {job.status === 'succeeded' ? <JobResult kind={job.kind} result={job.result} /> : null}
    </section>
  );
}

function JobResult({ kind, result }: { kind: string; result: unknown }): ReactNode {
  if (kind === 'simulate-thresholds' && Array.isArray(result)) {
    const rows = result as Array<Record<string, string | number>>;
    const cols = ['duty', 'tax', 'parcels', 'parcelsWithRevenue', 'revenue', 'collectionCost', 'net'];
    return (
      <table>
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col" className={c === 'duty' || c === 'tax' ? undefined : 'num'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {cols.map((c) => (
                <td key={c} className={c === 'duty' || c === 'tax' ? undefined : 'num'}>
                  {String(r[c] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const model = result as { version?: string; metrics?: { auc?: number; examples?: number } } | null;
  if (kind === 'train-model' && model?.version) {
    return (
      <p className="notice ok">
        Model <strong>{model.version}</strong> trained{model.metrics?.examples !== undefined ? ` on ${model.metrics.examples} outcomes` : ''}
        {model.metrics?.auc !== undefined ? `, hold-out AUC ${model.metrics.auc.toFixed(3)}` : ''}. It is a candidate: activate it or run it in shadow from the CLI or the API.
      </p>
    );
  }
  return <pre>{JSON.stringify(result, null, 2)}</pre>;
}
