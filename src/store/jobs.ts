// Background-job persistence: one row per job, its progress written as it runs, and the recovery of jobs left behind.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { JobsTable } from './schema-jobs.ts';

export type JobRow = JobsTable;

/** What a running job writes: its progress, and at the end its status with the result or the error. */
export type JobUpdate = Partial<Pick<JobsTable, 'status' | 'done' | 'total' | 'phase' | 'result' | 'error' | 'started_at' | 'finished_at'>> & { updated_at: string };

const UNFINISHED = ['queued', 'running'];

const job = (r: JobsTable): JobRow => ({ ...r, done: Number(r.done), total: Number(r.total) });
const changed = (r: { numUpdatedRows?: bigint } | undefined): number => Number(r?.numUpdatedRows ?? 0n);

export class JobStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: JobRow): Promise<void> {
    await this.db.insertInto('jobs').values(row).execute();
  }

  async get(id: string): Promise<JobRow | undefined> {
    const r = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return r && job(r);
  }

  /** The latest jobs, newest first. */
  async recent(limit: number): Promise<JobRow[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(job);
  }

  /** Write a job's progress or end; `whileUnfinished` leaves a job that already ended (recovered as interrupted) alone. */
  async update(id: string, update: JobUpdate, whileUnfinished = false): Promise<boolean> {
    let q = this.db.updateTable('jobs').set(update).where('id', '=', id);
    if (whileUnfinished) q = q.where('status', 'in', UNFINISHED);
    return changed(await q.executeTakeFirst()) > 0;
  }

  /** Mark these unfinished jobs alive (a node's heartbeat for its jobs). */
  async touch(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('jobs').set({ updated_at: at }).where('id', 'in', [...ids]).where('status', 'in', UNFINISHED).execute();
  }

  /** End every unfinished job untouched since `before` as failed with `error` (JSON); how many were. */
  async failStale(before: string, at: string, error: string): Promise<number> {
    const r = await this.db
      .updateTable('jobs')
      .set({ status: 'failed', error, finished_at: at, updated_at: at })
      .where('status', 'in', UNFINISHED)
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return changed(r);
  }
}
