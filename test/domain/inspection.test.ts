// Recording what a control found: only for goods at the border, amounts only where they mean something, status unchanged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  inspectionResults,
  isHit,
  recordInspection,
  SYSTEM_ACTOR,
  type ConsignmentState,
  type InspectionInput,
  type Rules,
} from '../../src/domain/clearance/index.ts';
import { RiskEngine, RiskMemory, Selector, DEFAULT_SELECTOR, compileRules } from '../../src/domain/risk/index.ts';
import { arrival, declaration, logistics } from '../helpers/filings.ts';
import { consignmentUnder, euPack, euRules, type Step } from './support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const LATER = '2026-11-23T11:30:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';
const OFFICER = 'pty_officer';

function build(rules: Rules, items?: Record<string, unknown>[], arrive = true): ConsignmentState {
  const d = declaration(items ? { items } : {});
  const steps: Step[] = [
    [d, PLATFORM],
    [logistics(d.trackingId as string), CARRIER],
  ];
  if (arrive) steps.push([arrival(d.trackingId as string), CARRIER]);
  return consignmentUnder(rules, NOW, ...steps);
}

/** Held for a scan a rule demands on T-shirts. */
function heldForScan(): ConsignmentState {
  const risk = new RiskEngine({
    pack: euPack,
    memory: new RiskMemory('EUR'),
    rules: compileRules(
      [{ id: 'scan', version: 1, name: 'scan T-shirts', when: { field: 'hsCode', prefix: ['6109'] }, then: { lane: 'scan' }, validFrom: '2026-01-01', author: 'a', active: true }],
      [],
    ),
    selector: new Selector(DEFAULT_SELECTOR),
  });
  const c = build({ ...euRules, risk });
  assert.equal(c.status, 'held');
  return c;
}

const refused = (state: ConsignmentState, input: InspectionInput, code: string) => {
  const r = recordInspection(state, input, OFFICER, LATER);
  assert.equal(r.ok, false, `expected ${code} for ${JSON.stringify(input)}`);
  if (!r.ok) assert.equal(r.code, code);
};

describe('recordInspection', () => {
  test('a parcel that has not arrived cannot have a control outcome', () => {
    const c = build(euRules, undefined, false);
    assert.equal(c.arrivalRecordedAt, null);
    refused(c, { result: 'no-finding' }, 'not-arrived');
  });

  test('the outcome is an event with the parties and routes as they are now; the status does not change', () => {
    const c = heldForScan();
    const r = recordInspection(c, { result: 'revenue-adjustment', amount: '12.50', currency: 'EUR', note: 'invoice found inside' }, OFFICER, LATER);
    assert.ok(r.ok);
    assert.equal(r.state.status, 'held');
    assert.equal(r.state.lane, 'scan');
    assert.equal(r.state.updatedAt, LATER);
    assert.deepEqual({ ...r.state, updatedAt: c.updatedAt }, c, 'nothing else changes');
    assert.deepEqual(r.effects, [
      {
        consignmentId: c.id,
        type: 'inspection-recorded',
        at: LATER,
        actor: OFFICER,
        data: {
          control: 'scan',
          result: 'revenue-adjustment',
          hit: true,
          lane: 'scan',
          selectedBy: 'rule',
          amount: '12.5',
          currency: 'EUR',
          note: 'invoice found inside',
          parties: [PLATFORM, `${PLATFORM}/S-1`],
          routes: ['CN|CN|post'],
        },
      },
    ]);
  });

  test('the control defaults to the lane; scan details go with a scan only', () => {
    const c = heldForScan();
    const scanned = recordInspection(c, { result: 'no-finding', scan: { imageRef: 'IMG-1', operator: 'op-7', result: 'clear' } }, OFFICER, LATER);
    assert.ok(scanned.ok);
    assert.deepEqual([scanned.effects[0]!.data.control, scanned.effects[0]!.data.scan], ['scan', { imageRef: 'IMG-1', operator: 'op-7', result: 'clear' }]);
    const wrong = recordInspection(c, { result: 'no-finding', control: 'physical', scan: { imageRef: 'IMG-1', operator: 'op-7', result: 'clear' } }, OFFICER, LATER);
    assert.deepEqual(wrong.ok ? 'ok' : wrong.code, 'invalid-control');
  });

  test('a released parcel can still have an outcome recorded (a control after release); no-finding is not a hit', () => {
    const c = build(euRules, [
      { description: "Men's cotton T-shirt", quantity: 1, unitPrice: '9.00', hsCode: '610910', originCountry: 'CN' },
      { description: 'Cotton dress', quantity: 1, unitPrice: '19.00', hsCode: '620442', originCountry: 'BD' },
    ]);
    assert.ok(c.status === 'released' || c.status === 'payment-due', c.status);
    const r = recordInspection(c, { result: 'no-finding' }, OFFICER, LATER);
    assert.ok(r.ok);
    assert.equal(r.state.status, c.status);
    const data = r.effects[0]!.data;
    assert.equal(data.hit, false);
    assert.equal(data.lane, 'release');
    assert.equal(data.selectedBy, 'none');
    assert.deepEqual(data.routes, ['CN|CN|post', 'BD|CN|post']);
    assert.equal('amount' in data, false);
    assert.equal('note' in data, false);
  });

  test('without an actor the system records it', () => {
    const r = recordInspection(heldForScan(), { result: 'prohibited' }, '', LATER);
    assert.ok(r.ok);
    assert.equal(r.effects[0]!.actor, SYSTEM_ACTOR);
    assert.equal(r.effects[0]!.data.hit, true);
  });

  test('a revenue adjustment needs its amount and currency', () => {
    const c = heldForScan();
    refused(c, { result: 'revenue-adjustment' }, 'invalid-amount');
    refused(c, { result: 'revenue-adjustment', currency: 'EUR' }, 'invalid-amount');
    refused(c, { result: 'revenue-adjustment', amount: '10.00' }, 'invalid-amount');
  });

  test('an amount goes with revenue-adjustment or undervaluation only', () => {
    const c = heldForScan();
    for (const result of ['no-finding', 'prohibited', 'misdescription'] as const) refused(c, { result, amount: '5.00', currency: 'EUR' }, 'invalid-amount');
    const u = recordInspection(c, { result: 'undervaluation', amount: '40', currency: 'EUR' }, OFFICER, LATER);
    assert.ok(u.ok);
    assert.equal(u.effects[0]!.data.amount, '40');
    const bare = recordInspection(c, { result: 'undervaluation' }, OFFICER, LATER);
    assert.ok(bare.ok, 'the amount is optional for an undervaluation');
  });

  test('the amount is a positive decimal', () => {
    const c = heldForScan();
    for (const amount of ['0', '0.00', '-5', '1e3', '12,50', '', ' 5', '.5']) refused(c, { result: 'revenue-adjustment', amount, currency: 'EUR' }, 'invalid-amount');
    const r = recordInspection(c, { result: 'revenue-adjustment', amount: '0.01', currency: 'EUR' }, OFFICER, LATER);
    assert.ok(r.ok);
    assert.equal(r.effects[0]!.data.amount, '0.01');
  });
});

describe('results', () => {
  test('anything but no-finding is a hit', () => {
    assert.deepEqual(inspectionResults.filter(isHit), ['revenue-adjustment', 'prohibited', 'misdescription', 'undervaluation']);
  });
});
