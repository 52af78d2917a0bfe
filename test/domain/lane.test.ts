// The provisional lane: immediate release unless a warning finding asks for a look.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { provisionalLane } from '../../src/domain/clearance/index.ts';
import type { Finding } from '../../src/domain/model/index.ts';

const warning = (code: string): Finding => ({ code, severity: 'warning', message: `${code} found`, sources: ['f-1'] });
const info = (code: string): Finding => ({ code, severity: 'info', message: `${code} noted`, sources: ['f-1'] });

describe('provisionalLane', () => {
  test('no findings: lane release, score 0, selected by none', () => {
    assert.deepEqual(provisionalLane([]), { lane: 'release', risk: { score: 0, reasons: [], selectedBy: 'none', provisional: true } });
  });

  test('info findings alone do not stop immediate release', () => {
    const r = provisionalLane([info('vague-description'), info('missing-hs-code'), info('payment-currency-mismatch')]);
    assert.equal(r.lane, 'release');
    assert.equal(r.risk.score, 0);
  });

  test('one warning sends the parcel to document-check with score 0.5, selected by rule', () => {
    const r = provisionalLane([warning('payment-mismatch'), info('missing-hs-code')]);
    assert.equal(r.lane, 'document-check');
    assert.equal(r.risk.score, 0.5);
    assert.equal(r.risk.selectedBy, 'rule');
    assert.equal(r.risk.provisional, true);
    assert.deepEqual(r.risk.reasons, [{ code: 'payment-mismatch', message: 'payment-mismatch found', weight: 0.5 }]);
  });

  test('warnings combine as a noisy-or: two give 0.75, four give 0.9375, never 1', () => {
    assert.equal(provisionalLane([warning('a'), warning('b')]).risk.score, 0.75);
    assert.equal(provisionalLane(['a', 'b', 'c', 'd'].map(warning)).risk.score, 0.9375);
    assert.ok(provisionalLane(Array.from({ length: 20 }, (_, i) => warning(`w${i}`))).risk.score < 1);
  });
});
