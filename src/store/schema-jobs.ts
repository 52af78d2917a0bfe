// Table shape of background jobs (migration 013_jobs), part of the store's Database (schema.ts).

/** A long operation (training, simulation) run by a node in the background, with its progress and its end. */
export interface JobsTable {
  /** uuidv7: time-ordered. */
  id: string;
  /** train-model | simulate-thresholds */
  kind: string;
  /** queued | running | succeeded | failed */
  status: string;
  /** JSON: the parameters the job was started with, as validated. */
  params: string;
  done: number;
  total: number;
  phase: string;
  /** JSON: what the job produced, once succeeded. */
  result: string | null;
  /** JSON {code, message}, once failed. */
  error: string | null;
  /** The party that started it. */
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** Every write touches it, progress or heartbeat: a job unfinished and untouched for long was left by a node that died. */
  updated_at: string;
}

export interface JobTables {
  jobs: JobsTable;
}
