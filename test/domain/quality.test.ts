// Partner feedback figures (standard 11): refused filings by error, and how early advance data came before arrival.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { errorPattern, leadOf, partnerQuality, quantile, tallyRejections, timeliness, type Lead } from '../../src/domain/quality/index.ts';
import { arrival, declaration, logistics, order, s10 } from '../helpers/filings.ts';
import { consignmentUnder, euPack, euRules } from './support.ts';

const PLATFORM = 'p-platform';
const OTHER = 'p-other-platform';
const CARRIER = 'p-carrier';
const deadlines = euPack.advanceDataDeadlineHours; // post 2 h, express 1 h, sea 24 h
const at = (hour: string) => `2026-11-22T${hour}:00.000Z`;

/** A parcel the platform declared at `declaredAt`, carried by `service`, arrived at 12:00 on 22 November. */
function parcel(declaredAt: string, service = 'post', arrives = true) {
  const trackingId = s10();
  return consignmentUnder(
    euRules,
    declaredAt,
    [declaration({ trackingId }), PLATFORM, declaredAt],
    [logistics(trackingId, { service, expectedArrival: '2026-11-22T12:00:00Z' }), CARRIER, at('00:00')],
    ...(arrives ? [[arrival(trackingId, { arrivedAt: '2026-11-22T12:00:00Z' }), CARRIER, at('12:30')] as [Record<string, unknown>, string, string]] : []),
  );
}

const lead = (hours: number, inTime = true): Lead => ({ receivedAt: at('00:00'), hours, service: 'post', deadlineHours: 2, inTime });

describe('refused filings by error', () => {
  test('array indices become * so an error on any item is one path', () => {
    assert.equal(errorPattern('/items/3/hsCode'), '/items/*/hsCode');
    assert.equal(errorPattern('/items/12'), '/items/*');
    assert.equal(errorPattern('/buyer/address/lines/0'), '/buyer/address/lines/*');
    assert.equal(errorPattern('/sentAt'), '/sentAt');
    assert.equal(errorPattern('/item2/x10'), '/item2/x10');
    assert.equal(errorPattern(''), '');
  });

  test('a filing counts once per error however many items have it; the filings themselves are counted apart', () => {
    const t = tallyRejections([
      [
        { code: 'missing', path: '/buyer' },
        { code: 'bad-format', path: '/items/0/hsCode' },
        { code: 'bad-format', path: '/items/1/hsCode' },
      ],
      [{ code: 'missing', path: '/buyer' }],
    ]);
    assert.equal(t.filings, 2);
    assert.deepEqual(
      [...t.errors].sort((a, b) => a.path.localeCompare(b.path)),
      [
        { code: 'missing', path: '/buyer', count: 2 },
        { code: 'bad-format', path: '/items/*/hsCode', count: 1 },
      ],
    );
  });

  test('the rejection rate is refused over all filings, errors listed most frequent first', () => {
    const q = partnerQuality({
      accepted: { order: 5, declaration: 1 },
      rejected: { filings: 2, errors: [{ code: 'bad-format', path: '/items/*/hsCode', count: 1 }, { code: 'missing', path: '/buyer', count: 2 }, { code: 'bad-format', path: '/currency', count: 1 }] },
      orderData: [],
      logisticsData: [],
    });
    assert.deepEqual(q.filings, {
      accepted: 6,
      acceptedByKind: { declaration: 1, order: 5 },
      rejected: 2,
      rejectionRate: 0.25,
      rejectedBy: [
        { code: 'missing', path: '/buyer', count: 2 },
        { code: 'bad-format', path: '/currency', count: 1 },
        { code: 'bad-format', path: '/items/*/hsCode', count: 1 },
      ],
    });
  });

  test('without any filing the rate is null, not zero', () => {
    const q = partnerQuality({ accepted: {}, rejected: { filings: 0, errors: [] }, orderData: [], logisticsData: [] });
    assert.equal(q.filings.rejectionRate, null);
    assert.equal(q.orderData.beforeDeadlineShare, null);
    assert.equal(q.orderData.hoursBeforeArrival, null);
  });
});

describe('median and percentiles', () => {
  test('the median of an odd count is the middle value', () => {
    assert.equal(quantile([1, 2, 40], 0.5), 2);
    assert.equal(timeliness([lead(40), lead(1, false), lead(2)]).hoursBeforeArrival?.median, 2);
  });

  test('the median of an even count is the mean of the middle two', () => {
    assert.equal(quantile([1, 2, 3, 10], 0.5), 2.5);
    assert.equal(timeliness([lead(10), lead(1, false), lead(3), lead(2)]).hoursBeforeArrival?.median, 2.5);
  });

  test('the 10th and 90th percentiles interpolate between ranks; one value is every percentile', () => {
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.equal(quantile(values, 0.1), 10);
    assert.equal(quantile(values, 0.9), 90);
    assert.deepEqual(timeliness([lead(1), lead(49)]).hoursBeforeArrival, { p10: 5.8, median: 25, p90: 44.2 });
    assert.deepEqual(timeliness([lead(7)]).hoursBeforeArrival, { p10: 7, median: 7, p90: 7 });
  });

  test('the share before the deadline and the data after arrival are counted', () => {
    const t = timeliness([lead(30), lead(1, false), lead(-2, false), lead(3)]);
    assert.equal(t.consignments, 4);
    assert.equal(t.beforeDeadline, 2);
    assert.equal(t.beforeDeadlineShare, 0.5);
    assert.equal(t.afterArrival, 1);
  });
});

describe('timeliness of advance data', () => {
  test("the deadline is the pack's for the parcel's service: 1.5 hours ahead is late for post (2 h), in time for express (1 h)", () => {
    const post = leadOf(parcel(at('10:30'), 'post'), PLATFORM, 'order', deadlines);
    assert.deepEqual(post, { receivedAt: at('10:30'), hours: 1.5, service: 'post', deadlineHours: 2, inTime: false });
    const express = leadOf(parcel(at('10:30'), 'express'), PLATFORM, 'order', deadlines);
    assert.equal(express?.deadlineHours, 1);
    assert.equal(express?.inTime, true);
    const sea = leadOf(parcel(at('00:00'), 'sea'), PLATFORM, 'order', deadlines);
    assert.equal(sea?.hours, 12);
    assert.equal(sea?.inTime, false, 'sea needs 24 hours');
  });

  test('the expected arrival stands in until the parcel arrives; a parcel with no arrival at all is left out', () => {
    const expected = leadOf(parcel(at('02:00'), 'post', false), PLATFORM, 'order', deadlines);
    assert.equal(expected?.hours, 10);
    const trackingId = s10();
    const noArrival = consignmentUnder(euRules, at('02:00'), [declaration({ trackingId }), PLATFORM, at('02:00')]);
    assert.equal(leadOf(noArrival, PLATFORM, 'order', deadlines), undefined);
    const leads = [parcel(at('02:00')), noArrival].map((c) => leadOf(c, PLATFORM, 'order', deadlines)).filter((l) => l !== undefined);
    assert.equal(timeliness(leads).consignments, 1);
  });

  test("a partner is measured on its own first order data, not on another party's earlier data", () => {
    const trackingId = s10();
    const d = declaration({ trackingId });
    const c = consignmentUnder(
      euRules,
      at('00:00'),
      [order({ orderId: d.orderId }), OTHER, at('00:00')],
      [d, PLATFORM, at('11:00')],
      [logistics(trackingId), CARRIER, at('11:00')],
      [arrival(trackingId, { arrivedAt: '2026-11-22T12:00:00Z' }), CARRIER, at('12:30')],
    );
    assert.equal(leadOf(c, OTHER, 'order', deadlines)?.hours, 12);
    assert.equal(leadOf(c, PLATFORM, 'order', deadlines)?.hours, 1);
    assert.equal(leadOf(c, CARRIER, 'order', deadlines), undefined, 'the carrier sent no order data');
  });

  test("a carrier's logistics data is measured from its first logistics filing; data after arrival is late whatever the deadline", () => {
    const c = parcel(at('08:00'));
    assert.deepEqual(leadOf(c, CARRIER, 'logistics', deadlines), { receivedAt: at('00:00'), hours: 12, service: 'post', deadlineHours: 2, inTime: true });
    assert.equal(leadOf(c, PLATFORM, 'logistics', deadlines), undefined);
    const late = leadOf(parcel(at('13:00')), PLATFORM, 'order', deadlines);
    assert.equal(late?.hours, -1);
    assert.equal(late?.inTime, false);
  });

  test('without a deadline for the service, data before arrival is in time', () => {
    const l = leadOf(parcel(at('11:00')), PLATFORM, 'order', { post: 'no deadline here', validFrom: '2021-01-01' });
    assert.deepEqual(l, { receivedAt: at('11:00'), hours: 1, service: 'post', deadlineHours: undefined, inTime: true });
  });
});
