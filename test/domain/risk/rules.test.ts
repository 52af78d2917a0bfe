// Targeting rules: conditions on consignment facts and indicators, watchlists, validity dates, forced lanes, and refusal of unusable rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFiling, newConsignment, type ConsignmentState } from '../../../src/domain/clearance/index.ts';
import { buyerKey } from '../../../src/domain/risk/indicators/index.ts';
import { compileRules, ruleProblems, subjectOf, type RiskRule, type RiskSubject, type Watchlist } from '../../../src/domain/risk/rules/index.ts';
import { declaration, logistics } from '../../helpers/filings.ts';
import { euRules, refOf, valid } from '../support.ts';

const DAY = '2026-11-23';
const NOW = `${DAY}T09:00:00.000Z`;

const rule = (over: Partial<RiskRule> & Pick<RiskRule, 'when' | 'then'>): RiskRule => ({
  id: 'r-1',
  version: 1,
  name: 'test rule',
  validFrom: '2026-01-01',
  author: 'analyst@customs.example',
  active: true,
  ...over,
});

const subject = (over: Partial<RiskSubject> = {}): RiskSubject => ({
  hsCode: ['851712'],
  originCountry: ['CN'],
  departureCountry: 'CN',
  destination: 'DE',
  service: 'post',
  party: ['pty_shop'],
  identifier: ['IM2760000001', 'buyer@example.org'],
  descriptionWord: ['smartphone', '128', 'gb'],
  category: 3,
  intrinsicValue: '89.00',
  valuePerKg: '445.00',
  grossMassKg: '0.200',
  itemCount: 1,
  indicators: new Map([['undervaluation', 0.8]]),
  ...over,
});

const hits = (rules: RiskRule[], s: RiskSubject, lists: Watchlist[] = [], day = DAY) => compileRules(rules, lists).match(s, day).map((h) => h.ruleId);

describe('conditions', () => {
  test('an HS prefix and an origin together: phones (8517) from CN match, from KR do not', () => {
    const r = rule({ when: { all: [{ field: 'hsCode', prefix: ['8517'] }, { field: 'originCountry', in: ['CN'] }] }, then: { weight: 0.3 } });
    assert.deepEqual(hits([r], subject()), ['r-1']);
    assert.deepEqual(hits([r], subject({ originCountry: ['KR'] })), []);
  });

  test('numbers compare as decimals: value per kg under 50 matches 49.99, not 50', () => {
    const r = rule({ when: { field: 'valuePerKg', op: 'lt', value: '50' }, then: { weight: 0.2 } });
    assert.deepEqual(hits([r], subject({ valuePerKg: '49.99' })), ['r-1']);
    assert.deepEqual(hits([r], subject({ valuePerKg: '50.00' })), []);
    assert.deepEqual(hits([r], subject({ valuePerKg: undefined })), [], 'no mass, no value per kg: no match');
  });

  test('description words match without case; any, not and exists combine', () => {
    const r = rule({
      when: { any: [{ field: 'descriptionWord', in: ['REPLICA', 'copy'] }, { not: { field: 'hsCode', exists: true } }] },
      then: { weight: 0.5 },
    });
    assert.deepEqual(hits([r], subject({ descriptionWord: ['replica', 'watch'] })), ['r-1']);
    assert.deepEqual(hits([r], subject({ hsCode: [] })), ['r-1']);
    assert.deepEqual(hits([r], subject()), []);
  });

  test('an indicator score at least a threshold', () => {
    const r = rule({ when: { indicator: 'undervaluation', atLeast: 0.7 }, then: { lane: 'document-check' } });
    assert.deepEqual(hits([r], subject()), ['r-1']);
    assert.deepEqual(hits([r], subject({ indicators: new Map([['undervaluation', 0.5]]) })), []);
  });

  test('a watchlist matches a party, an identifier (without case) or a buyer key', () => {
    const list: Watchlist = {
      id: 'wl-1',
      name: 'known counterfeit sellers',
      entries: [
        { kind: 'party', value: 'pty_bad' },
        { kind: 'identifier', value: 'IM2769999999' },
        { kind: 'buyer', value: 'DE|10115|anna muller' },
      ],
    };
    const r = rule({ when: { watchlist: 'wl-1' }, then: { lane: 'physical', weight: 0.9 } });
    assert.deepEqual(hits([r], subject({ party: ['pty_bad'] }), [list]), ['r-1']);
    assert.deepEqual(hits([r], subject({ identifier: ['im2769999999'] }), [list]), ['r-1']);
    assert.deepEqual(hits([r], subject({ buyer: 'DE|10115|anna muller' }), [list]), ['r-1']);
    assert.deepEqual(hits([r], subject(), [list]), []);
  });
});

describe('rule sets', () => {
  test('a rule applies only on the days it is valid, and a withdrawn rule not at all', () => {
    const r = rule({ when: { field: 'service', in: ['post'] }, then: { weight: 0.1 }, validFrom: '2026-12-01', validUntil: '2026-12-31' });
    assert.deepEqual(hits([r], subject(), [], '2026-11-30'), []);
    assert.deepEqual(hits([r], subject(), [], '2026-12-31'), ['r-1']);
    assert.deepEqual(hits([r], subject(), [], '2027-01-01'), []);
    assert.deepEqual(hits([{ ...r, active: false }], subject(), [], '2026-12-15'), []);
  });

  test('each hit names the rule, its version, its weight and the lane it forces', () => {
    const r = rule({ id: 'r-9', version: 4, name: 'lithium batteries by post', when: { field: 'hsCode', prefix: ['8507'] }, then: { weight: 0.4, lane: 'scan' } });
    assert.deepEqual(compileRules([r], []).match(subject({ hsCode: ['850760'] }), DAY), [
      { ruleId: 'r-9', version: 4, name: 'lithium batteries by post', weight: 0.4, lane: 'scan' },
    ]);
  });
});

describe('unusable rules are refused with the path of each problem', () => {
  test('an unknown watchlist, a number compared by prefix, a text compared by op, no effect, a period backwards', () => {
    const problems = ruleProblems(
      {
        when: { all: [{ watchlist: 'nope' }, { field: 'intrinsicValue', prefix: ['1'] }, { field: 'service', op: 'gt', value: '1' }] },
        then: {},
        validFrom: '2026-12-01',
        validUntil: '2026-11-01',
      },
      ['wl-1'],
    );
    assert.deepEqual(problems.map((p) => p.path), ['/when/all/0/watchlist', '/when/all/1/prefix', '/when/all/2/op', '/then', '/validUntil']);
  });
});

describe('the facts of a consignment', () => {
  test('a declaration and a logistics filing give the rules HS codes, origin, route, parties, identifiers, words and value per kg', () => {
    const d = declaration({ taxCollected: { scheme: 'IOSS', registrationNumber: 'IM2760000001', amount: '4.75', currency: 'EUR' } });
    let c: ConsignmentState = newConsignment('c-1', NOW);
    for (const [input, sender] of [[d, 'pty_shop'], [logistics(d.trackingId as string, { grossMassKg: '0.500' }), 'pty_post']] as const) {
      const f = valid(input);
      const r = applyFiling(c, f, refOf(f, sender, NOW), euRules, NOW);
      assert.ok(r.ok);
      c = r.state;
    }
    const s = subjectOf(c, new Map(), buyerKey(c.fields));
    assert.deepEqual(s.hsCode, ['610910']);
    assert.deepEqual(s.originCountry, ['CN']);
    assert.equal(s.service, 'post');
    assert.deepEqual(s.party.sort(), ['pty_post', 'pty_shop']);
    assert.ok(s.identifier.includes('IM2760000001'));
    assert.ok(s.descriptionWord.includes('cotton'));
    // EUR 25.00 of goods in a 0.5 kg parcel.
    assert.equal(s.valuePerKg, '50.00');
    // The test buyer Anna Müller, Hauptstraße 5, 10115 Berlin: the key a watchlist entry names her by.
    assert.equal(s.buyer, 'DE|10115|anna muller');
  });
});
