// The job runner on a real store: progress readable while a job runs, written at most four times a second, exceptions
// and stops ending the job as failed without taking the process down.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import type { Steps } from '../../src/domain/progress/index.ts';
import { JobService, type Job, type JobKind } from '../../src/services/jobs.ts';
import type { Actor } from '../../src/services/roles.ts';
import { runInSlices } from '../../src/services/slices.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { freshDatabase, testStores } from '../helpers/clearway.ts';

const officer: Actor = { partyId: 'pty_officer', role: 'officer', name: 'Officer' };
const NoParams = Type.Object({}, { additionalProperties: false });

/** `n` steps of about `ms` milliseconds of work each, counted in phase `working`; returns n. */
function* busy(n: number, ms: number): Steps<number> {
  for (let i = 1; i <= n; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until);
    yield { done: i, total: n, phase: 'working' };
  }
  return n;
}

const kinds: Record<string, JobKind> = {
  busy: { params: NoParams, run: async (_actor, _p, options) => ({ ok: true, value: await runInSlices(busy(300, 3), options) }) },
  boom: {
    params: NoParams,
    run: async (_actor, _p, options) => {
      options.onProgress({ done: 1, total: 4, phase: 'working' });
      throw new Error('kaboom');
    },
  },
};

const ended = (j: Job) => j.status === 'succeeded' || j.status === 'failed';

for (const kind of testStores()) {
  describe(`job runner (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    before(async () => {
      const db = await freshDatabase(kind);
      drop = db.drop;
      store = openStore({ databaseUrl: db.config.databaseUrl, dataDir: db.config.dataDir! });
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await drop();
    });

    test('a running job leaves the node free: its progress is read while it runs, and written at most 4 times a second', async () => {
      let progressWrites = 0;
      const counted = {
        jobs: new Proxy(store.jobs, {
          get(target, name, receiver) {
            const value = Reflect.get(target, name, receiver);
            if (name !== 'update' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
            return (id: string, update: { done?: number }, whileUnfinished?: boolean) => {
              if (whileUnfinished && update.done !== undefined) progressWrites++;
              return value.call(target, id, update, whileUnfinished);
            };
          },
        }),
      } as unknown as Store;
      const jobs = new JobService(counted, kinds);
      const started = performance.now();
      const r = await jobs.start(officer, 'busy');
      assert.ok(r.ok);
      const readings: Job[] = [];
      for (;;) {
        const read = await jobs.get(officer, r.value.id);
        assert.ok(read.ok);
        readings.push(read.value);
        if (ended(read.value)) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const seconds = (performance.now() - started) / 1000;
      const end = readings.at(-1)!;
      assert.equal(end.status, 'succeeded');
      assert.equal(end.result, 300);
      assert.deepEqual(end.progress, { done: 300, total: 300, phase: 'working', percent: 100 });
      const midway = readings.filter((j) => j.status === 'running' && j.progress.done > 0 && j.progress.done < 300);
      assert.ok(midway.length >= 2, `readings while it ran: ${readings.map((j) => `${j.status} ${j.progress.done}`).join(', ')}`);
      assert.ok(progressWrites >= 2, `${progressWrites} progress writes`);
      assert.ok(progressWrites <= Math.ceil(seconds * 4) + 1, `${progressWrites} progress writes in ${seconds.toFixed(2)} s`);
      await jobs.stop();
    });

    test('a job that throws ends failed as internal-error with its message and how far it got; the next job still runs', async () => {
      const jobs = new JobService(store, kinds);
      const boom = await jobs.start(officer, 'boom');
      const next = await jobs.start(officer, 'busy');
      assert.ok(boom.ok && next.ok);
      // The first may have started while the second was being recorded: two unfinished, at most one running.
      assert.equal(jobs.load.queued + jobs.load.running, 2);
      assert.ok(jobs.load.running <= 1);
      await jobs.settled();
      assert.deepEqual(jobs.load, { queued: 0, running: 0 });
      const failed = await jobs.get(officer, boom.value.id);
      assert.ok(failed.ok);
      assert.equal(failed.value.status, 'failed');
      assert.deepEqual(failed.value.error, { code: 'internal-error', message: 'kaboom' });
      assert.deepEqual(failed.value.progress, { done: 1, total: 4, phase: 'working', percent: 25 });
      const ran = await jobs.get(officer, next.value.id);
      assert.ok(ran.ok);
      assert.equal(ran.value.status, 'succeeded');
      await jobs.stop();
    });

    test('stopping the runner ends the job running and those queued as interrupted; no job starts after', async () => {
      const jobs = new JobService(store, kinds);
      const running = await jobs.start(officer, 'busy');
      const queued = await jobs.start(officer, 'busy');
      assert.ok(running.ok && queued.ok);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(jobs.load, { queued: 1, running: 1 }, 'what the clearway_jobs gauge shows');
      await jobs.stop();
      for (const id of [running.value.id, queued.value.id]) {
        const j = await jobs.get(officer, id);
        assert.ok(j.ok);
        assert.equal(j.value.status, 'failed');
        assert.equal(j.value.error?.code, 'interrupted');
      }
      const after = await jobs.start(officer, 'busy');
      assert.ok(!after.ok);
      assert.equal(after.status, 409);
    });

    test('only officers and administrators run jobs; a node runs at most so many at once', async () => {
      const jobs = new JobService(store, kinds, () => new Date(), { maxPending: 1 });
      const partner = await jobs.start({ partyId: 'pty_shop', role: 'platform', name: 'Shop' }, 'busy');
      assert.ok(!partner.ok);
      assert.equal(partner.status, 403);
      assert.ok((await jobs.start(officer, 'busy')).ok);
      const second = await jobs.start(officer, 'busy');
      assert.ok(!second.ok);
      assert.deepEqual([second.status, second.errors[0]!.code], [409, 'too-many-jobs']);
      await jobs.settled();
      assert.ok((await jobs.start(officer, 'busy')).ok, 'room again once it ended');
      await jobs.stop();
    });
  });
}
