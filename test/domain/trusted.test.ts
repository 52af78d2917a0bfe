// The AEO registry (WCO Framework, standard 6): which authorisations cover an operator on a day and in which capacity,
// the checks an authorisation passes, and the benefits as the risk engine applies them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeIndicators, type Indicator } from '../../src/domain/risk/indicators/index.ts';
import { RiskEngine, FEWER_RANDOM_CHECKS } from '../../src/domain/risk/engine.ts';
import { RiskMemory, type TrustedKey } from '../../src/domain/risk/memory.ts';
import { compileRules } from '../../src/domain/risk/rules/index.ts';
import { DEFAULT_SELECTOR, Selector } from '../../src/domain/risk/selector.ts';
import {
  authorisationProblems,
  benefitProblems,
  covering,
  DEFAULT_BENEFITS,
  inForceOn,
  registryOn,
  type AeoAuthorisation,
} from '../../src/domain/trusted/index.ts';
import { declaration, logistics } from '../helpers/filings.ts';
import { consignmentUnder, euPack, euRules } from './support.ts';

const DAY = '2026-11-23';
const NOW = `${DAY}T09:00:00.000Z`;
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';

const aeo = (over: Partial<AeoAuthorisation> = {}): AeoAuthorisation => ({
  id: 'DEAEOF0001',
  name: 'ShopNova GmbH',
  identifiers: { partyId: PLATFORM, eori: 'DE123456789012' },
  scope: ['platform'],
  validFrom: '2026-01-01',
  validUntil: '2028-12-31',
  authority: { country: 'DE', programme: 'EU AEO' },
  status: 'active',
  ...over,
});

/** A C-TPAT partner recognised here under the EU–US MRA: issued by the US, not by the home administration. */
const ctpat = aeo({
  id: 'CTPAT-77',
  name: 'Liberty Sellers Inc.',
  identifiers: { vat: 'US-98-7654321' },
  scope: ['seller'],
  validUntil: undefined,
  authority: { country: 'US', programme: 'US C-TPAT' },
  recognition: { arrangement: 'EU–US MRA', source: 'Decision 2012/290/EU of the US-EU Joint Customs Cooperation Committee' },
});

describe('the registry: which authorisations cover a key on a day', () => {
  test('an authorisation covers its party id and identifiers from its first day to its last, both included', () => {
    const list = [aeo()];
    assert.deepEqual(covering(list, PLATFORM, '2026-01-01').map((a) => a.id), ['DEAEOF0001']);
    assert.deepEqual(covering(list, 'DE123456789012', '2028-12-31').map((a) => a.id), ['DEAEOF0001']);
    assert.deepEqual(covering(list, PLATFORM, '2025-12-31'), [], 'not yet');
    assert.deepEqual(covering(list, PLATFORM, '2029-01-01'), [], 'expired');
    assert.deepEqual(covering(list, 'pty_other', DAY), []);
    assert.equal(inForceOn(aeo({ validUntil: undefined }), '2099-01-01'), true, 'open-ended');
  });

  test('a suspended or revoked authorisation covers no one, though it stays in the registry', () => {
    for (const status of ['suspended', 'revoked'] as const) {
      assert.deepEqual(covering([aeo({ status })], PLATFORM, DAY), [], status);
      assert.deepEqual(registryOn([aeo({ status })], DAY), [], status);
    }
  });

  test('asked in a capacity, only an authorisation of that scope covers: a carrier’s AEO does not vouch for a seller', () => {
    const carrier = aeo({ id: 'DEAEOF0002', name: 'Express GmbH', identifiers: { partyId: CARRIER, eori: 'DE999' }, scope: ['carrier'] });
    const list = [aeo(), carrier];
    assert.deepEqual(covering(list, CARRIER, DAY, 'carrier').map((a) => a.id), ['DEAEOF0002']);
    assert.deepEqual(covering(list, CARRIER, DAY, 'seller'), []);
    assert.deepEqual(covering(list, CARRIER, DAY, 'platform'), []);
    assert.deepEqual(covering(list, PLATFORM, DAY, 'platform').map((a) => a.id), ['DEAEOF0001']);
    assert.deepEqual(covering(list, PLATFORM, DAY, 'seller'), []);
  });

  test('an authorisation recognised under a mutual recognition arrangement covers like one issued at home', () => {
    const found = covering([aeo(), ctpat], 'US-98-7654321', DAY, 'seller');
    assert.deepEqual(found.map((a) => [a.id, a.authority.country, a.recognition?.arrangement]), [['CTPAT-77', 'US', 'EU–US MRA']]);
  });

  test('the registry on a day: one entry per key of every authorisation in force, with its scope', () => {
    const entries = registryOn([aeo(), ctpat, aeo({ id: 'OLD', validUntil: '2025-12-31', identifiers: { partyId: 'pty_old' } })], DAY);
    assert.deepEqual(
      entries.map((e) => [e.key, e.scope, e.authorisation.id]),
      [
        [PLATFORM, ['platform'], 'DEAEOF0001'],
        ['DE123456789012', ['platform'], 'DEAEOF0001'],
        ['US-98-7654321', ['seller'], 'CTPAT-77'],
      ],
    );
  });
});

describe('checks on an authorisation', () => {
  test('a valid authorisation, at home or recognised under an MRA, has no problem', () => {
    assert.deepEqual(authorisationProblems(aeo()), []);
    assert.deepEqual(authorisationProblems(ctpat), []);
  });

  test('every problem at once, each naming its field', () => {
    const bad = { ...aeo(), identifiers: {}, scope: ['platform', 'broker'], validFrom: '2027-01-01', validUntil: '2026-12-31', authority: { country: 'XX', programme: 'EU AEO' } };
    const problems = authorisationProblems(bad as unknown as AeoAuthorisation);
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [
        ['/identifiers', 'no-identifier'],
        ['/scope/1', 'unknown-scope'],
        ['/validUntil', 'ends-before-start'],
        ['/authority/country', 'unknown-country'],
      ],
    );
    assert.deepEqual(authorisationProblems({ ...aeo(), scope: [] }).map((p) => p.code), ['no-scope']);
    assert.deepEqual(authorisationProblems({ ...aeo(), identifiers: { vat: '  ' } }).map((p) => p.code), ['no-identifier']);
    assert.deepEqual(authorisationProblems({ ...aeo(), validFrom: '2026-02-30' }).map((p) => p.path), ['/validFrom']);
  });

  test('benefits: documented defaults, and limits that keep a benefit a benefit', () => {
    assert.deepEqual({ ...DEFAULT_BENEFITS }, { riskWeight: -0.5, randomCheckFactor: 0.5, accountPayment: true });
    assert.deepEqual(benefitProblems(DEFAULT_BENEFITS), []);
    assert.deepEqual(benefitProblems({ riskWeight: 0.2, randomCheckFactor: 1.5, accountPayment: true }).map((p) => p.path), ['/riskWeight', '/randomCheckFactor']);
  });
});

/** The registry's entries as the risk runtime hands them to the memory. */
const keysOf = (list: AeoAuthorisation[]): TrustedKey[] =>
  registryOn(list, DAY).map((e) => ({
    key: e.key,
    as: e.scope,
    authorisation: { id: e.authorisation.id, name: e.authorisation.name, programme: e.authorisation.authority.programme, ...(e.authorisation.recognition ? { recognition: e.authorisation.recognition.arrangement } : {}) },
  }));

/** A declared and shipped parcel: the declaration filed by `filer`. */
function shipped(filer = PLATFORM, over: Record<string, unknown> = {}) {
  const d = declaration(over);
  return consignmentUnder(euRules, NOW, [d, filer], [logistics(d.trackingId as string), CARRIER]);
}

const trustedOf = (memory: RiskMemory, c = shipped()): Indicator | undefined =>
  computeIndicators(c, memory.context(NOW, { deadlines: euPack.advanceDataDeadlineHours })).find((i) => i.code === 'trusted-trader');

describe('the trusted-trader indicator reads the registry by capacity', () => {
  test('the filing platform’s authorisation lowers the risk and is named on the indicator', () => {
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([aeo()]));
    const found = trustedOf(m);
    assert.ok(found);
    assert.equal(found.score, -0.5);
    assert.match(found.message, /filer pty_platform is an authorised economic operator \(trusted trader\): EU AEO DEAEOF0001 \(ShopNova GmbH\)/);
    assert.equal(found.evidence.authorisation, 'DEAEOF0001');
  });

  test('a carrier filing the declaration under a carrier’s authorisation does not make it trusted', () => {
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([aeo({ identifiers: { partyId: CARRIER }, scope: ['carrier'] })]));
    assert.equal(trustedOf(m, shipped(CARRIER)), undefined);
    m.setTrustedTraders(keysOf([aeo({ identifiers: { partyId: CARRIER }, scope: ['carrier', 'platform'] })]));
    assert.ok(trustedOf(m, shipped(CARRIER)), 'authorised as a platform too');
  });

  test('a seller recognised under an MRA is found by its VAT number, only in the seller’s capacity', () => {
    const seller = { id: 'S-9', name: 'Liberty Sellers Inc.', address: { lines: ['1 Main St'], city: 'Newark', country: 'US' }, taxIds: { vat: 'US-98-7654321' } };
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([ctpat]));
    const found = trustedOf(m, shipped(PLATFORM, { seller }));
    assert.ok(found);
    assert.match(found.message, /seller VAT US-98-7654321 is an authorised economic operator .*US C-TPAT CTPAT-77 .*recognised under EU–US MRA/);
    m.setTrustedTraders(keysOf([{ ...ctpat, scope: ['platform'] }]));
    assert.equal(trustedOf(m, shipped(PLATFORM, { seller })), undefined);
  });

  test('the score is the administration’s risk weight', () => {
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([aeo()]));
    assert.equal(trustedOf(m)?.score, -0.5);
    m.setSettings({ ...m.settings, trustedTraderScore: -0.8 });
    assert.equal(trustedOf(m)?.score, -0.8, 'the context made for the same moment is not reused with the old settings');
  });
});

describe('fewer random checks', () => {
  /** A day where every parcel comes to the draw with a chance of 0.4: 4 000 random checks over 10 000 parcels. */
  function selector(seed = 'audit-seed'): Selector {
    const s = new Selector({ ...DEFAULT_SELECTOR, capacities: [{ lane: 'document-check', perDay: 4000 }], randomShare: 1, seed });
    s.restore({ day: DAY, lanes: {} }, 10_000, []);
    return s;
  }

  test('the factor scales the chance, and the same draw decides: a trusted parcel drawn would have been drawn anyway', () => {
    const plain = selector();
    const trusted = selector();
    let drawn = 0;
    let drawnTrusted = 0;
    for (let i = 0; i < 2000; i++) {
      const a = plain.select(`p-${i}`, 0.1, 0, null, NOW);
      const b = trusted.select(`p-${i}`, 0.1, 0, null, NOW, 0.5);
      assert.deepEqual(a.randomDraw, { chance: 0.4, baseChance: 0.4 });
      assert.deepEqual(b.randomDraw, { chance: 0.2, baseChance: 0.4 });
      if (a.selectedBy === 'random') drawn++;
      if (b.selectedBy === 'random') {
        drawnTrusted++;
        assert.equal(a.selectedBy, 'random', `p-${i}`);
      }
    }
    assert.ok(drawn > 720 && drawn < 880, `${drawn} of 2000 at 0.4`);
    assert.ok(drawnTrusted > 330 && drawnTrusted < 470, `${drawnTrusted} of 2000 at 0.2`);
  });

  test('a forced lane never comes to the draw', () => {
    const s = selector();
    assert.equal(s.select('forced', 0.1, 0, 'scan', NOW, 0.5).randomDraw, undefined);
  });

  function engine(memory: RiskMemory, randomCheckFactor = 0.5) {
    const selector = new Selector({ ...DEFAULT_SELECTOR, capacities: [{ lane: 'document-check', perDay: 10 }], randomShare: 1, seed: 's' });
    // Yesterday 20 parcels for 10 checks, all random: a chance of 0.5 each.
    selector.restore({ day: DAY, lanes: {} }, 20, []);
    return new RiskEngine({ pack: euPack, memory, rules: compileRules([], []), selector, trustedBenefits: { randomCheckFactor } });
  }

  test('the decision of a trusted trader’s parcel shows the benefit, naming the authorisation and both chances', () => {
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([aeo()]));
    const j = engine(m).decide(shipped(), NOW);
    assert.ok(j.risk.reasons.some((r) => r.code === 'trusted-trader' && r.weight === -0.5), JSON.stringify(j.risk.reasons));
    const benefit = j.risk.reasons.find((r) => r.code === FEWER_RANDOM_CHECKS);
    assert.ok(benefit, JSON.stringify(j.risk.reasons));
    assert.equal(benefit.weight, 0);
    assert.match(benefit.message, /filer pty_platform under EU AEO authorisation DEAEOF0001: a chance of 0\.25 instead of 0\.5 \(factor 0\.5\)/);
  });

  test('no benefit reason for others, before arrival, or when the factor gives nothing', () => {
    const m = new RiskMemory('EUR');
    m.setTrustedTraders(keysOf([aeo()]));
    const other = engine(m).decide(shipped('pty_someone_else'), NOW);
    assert.ok(!other.risk.reasons.some((r) => r.code === FEWER_RANDOM_CHECKS || r.code === 'trusted-trader'));
    assert.ok(!engine(m).estimate(shipped(), NOW).risk.reasons.some((r) => r.code === FEWER_RANDOM_CHECKS));
    assert.ok(!engine(m, 1).decide(shipped(), NOW).risk.reasons.some((r) => r.code === FEWER_RANDOM_CHECKS));
  });
});
