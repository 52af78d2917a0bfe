// The time release study: from arrival to release, per lane and carrier, and the share released on arrival.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { passageOf, releaseTimes, releaseTimesBy } from '../../src/domain/metrics/index.ts';

const T = '2026-11-20T10:00:00.000Z';
const plus = (hours: number) => new Date(Date.parse(T) + hours * 3_600_000).toISOString();

describe('passageOf', () => {
  test('released by Clearway at the moment of arrival is immediate; a release later, or by an officer, is not', () => {
    assert.deepEqual(passageOf([{ at: T, actor: 'pty_post', to: 'arrived' }, { at: T, actor: 'clearway', to: 'released' }], 'release', 'pty_post'), {
      lane: 'release',
      carrier: 'pty_post',
      arrivedAt: T,
      releasedAt: T,
      immediate: true,
    });
    const held = passageOf([{ at: T, actor: 'pty_post', to: 'arrived' }, { at: T, actor: 'clearway', to: 'held' }, { at: plus(5), actor: 'officer', to: 'released' }], 'scan', 'pty_post');
    assert.deepEqual([held?.releasedAt, held?.immediate], [plus(5), false]);
  });

  test('not arrived: no passage; arrived, not released: an open one', () => {
    assert.equal(passageOf([{ at: T, actor: 'officer', to: 'held' }], 'release', null), undefined);
    assert.equal(passageOf([{ at: T, actor: 'pty_post', to: 'arrived' }], 'release', null)?.releasedAt, null);
  });
});

describe('releaseTimes', () => {
  const passage = (hours: number | null, immediate = false, lane = 'release', carrier: string | null = 'pty_post') => ({
    lane,
    carrier,
    arrivedAt: T,
    releasedAt: hours === null ? null : plus(hours),
    immediate,
  });

  test('quantiles, mean, the histogram by bound, and the immediate share over all arrived', () => {
    const r = releaseTimes([passage(0, true), passage(0, true), passage(0.5), passage(6), passage(30), passage(200), passage(null)]);
    assert.deepEqual([r.arrived, r.released, r.immediate, r.immediateShare], [7, 6, 2, 0.29]);
    assert.deepEqual(r.hours, { p10: 0, median: 3.25, p90: 115, mean: 39.42 });
    assert.deepEqual(
      r.histogram.map((h) => [h.upToHours, h.count]),
      [[0, 2], [1, 1], [8, 1], [24, 0], [48, 1], [168, 0], [null, 1]],
    );
  });

  test('no parcels: nothing to divide by', () => {
    const r = releaseTimes([]);
    assert.deepEqual([r.arrived, r.immediateShare, r.hours], [0, null, null]);
  });

  test('by lane and by carrier, keys sorted; an unknown carrier is "unknown"', () => {
    const by = releaseTimesBy([passage(1, false, 'scan'), passage(0, true, 'release', null), passage(2, false, 'scan')], (p) => p.carrier);
    assert.deepEqual(Object.keys(by), ['pty_post', 'unknown']);
    assert.equal(releaseTimesBy([passage(1, false, 'scan'), passage(2, false, 'scan')], (p) => p.lane).scan!.hours!.median, 1.5);
  });
});
