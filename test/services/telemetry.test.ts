// The node's Prometheus registry: one per instance (two do not share counts), the consignments-per-status gauge read
// from the store at most every 15 s (and shared by scrapes that come together), job load, filing results by kind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.ts';
import { STATUS_CACHE_MS, Telemetry } from '../../src/services/telemetry.ts';

/** The value of the series `name{labels}` in an exposition (undefined when absent). */
const read = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('telemetry', () => {
  let dir: string;
  let store: Store;
  let n = 0;
  const add = async (status: string, mergedInto: string | null = null) => {
    const id = `c-${++n}`;
    await store.db
      .insertInto('consignments')
      .values({ id, tracking_id: null, order_id: null, status, category: null, lane: 'release', created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-20T10:00:00Z', merged_into: mergedInto, doc: '{}', master_id: null })
      .execute();
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-telemetry-'));
    store = openStore({ dataDir: dir });
    await store.migrate();
  });
  after(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('consignments per status: every status listed, read at most every 15 s, then read again', async () => {
    let now = 1_000_000;
    const telemetry = new Telemetry(store, { now: () => now, defaultMetrics: false });
    await add('held');
    await add('held');
    await add('released', 'c-1');
    const first = (await telemetry.exposition()).text;
    assert.equal(read(first, 'clearway_consignments{status="held"}'), 2);
    assert.equal(read(first, 'clearway_consignments{status="released"}'), 1, 'as Store.counts() counts: merged ones too');
    assert.equal(read(first, 'clearway_consignments{status="refunded"}'), 0);
    await add('held');
    now += STATUS_CACHE_MS - 1;
    assert.equal(read((await telemetry.exposition()).text, 'clearway_consignments{status="held"}'), 2, 'within 15 s: the reading is reused');
    now += 1;
    assert.equal(read((await telemetry.exposition()).text, 'clearway_consignments{status="held"}'), 3);
  });

  test('scrapes that come together share one reading', async () => {
    let reads = 0;
    const counting = { db: new Proxy(store.db, { get: (db, p) => (p === 'selectFrom' && reads++, Reflect.get(db, p, db)) }) } as unknown as Store;
    const telemetry = new Telemetry(counting, { defaultMetrics: false });
    await Promise.all([telemetry.exposition(), telemetry.exposition(), telemetry.exposition()]);
    assert.equal(reads, 1);
  });

  test('a registry per instance: counts of one are not the other\'s, and process metrics can be had by both', async () => {
    const a = new Telemetry(store);
    const b = new Telemetry(store);
    a.filingsSubmitted([{ kind: 'declaration' }, { kind: 'no-such-kind' }, 'garbage'], [
      { status: 201, filingId: 'f1', consignmentId: 'c1' },
      { status: 400, filingId: 'f2', errors: [] },
      { status: 400, filingId: null, errors: [] },
    ]);
    a.eventsRecorded('arrival', 3);
    const ta = (await a.exposition()).text;
    const tb = (await b.exposition()).text;
    assert.equal(read(ta, 'clearway_filings_total{kind="declaration",result="accepted"}'), 1);
    assert.equal(read(ta, 'clearway_filings_total{kind="unknown",result="invalid"}'), 2, 'a kind outside the known ones is never a label');
    assert.equal(read(ta, 'clearway_consignment_events_total{type="arrival"}'), 3);
    assert.equal(read(tb, 'clearway_filings_total{kind="declaration",result="accepted"}'), 0);
    assert.equal(read(tb, 'clearway_consignment_events_total{type="arrival"}'), undefined);
    assert.ok(read(ta, 'process_cpu_seconds_total')! > 0 && read(tb, 'process_cpu_seconds_total')! > 0);
  });

  test('the jobs gauge reads the queue it watches', async () => {
    const telemetry = new Telemetry(store, { defaultMetrics: false });
    telemetry.watchJobs(() => ({ queued: 2, running: 1 }));
    const text = (await telemetry.exposition()).text;
    assert.equal(read(text, 'clearway_jobs{state="queued"}'), 2);
    assert.equal(read(text, 'clearway_jobs{state="running"}'), 1);
  });
});
