// The standing findings rule and the judge used when no risk engine is configured.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsLane, findingsOnly, newConsignment } from '../../src/domain/clearance/index.ts';
import type { Finding } from '../../src/domain/model/index.ts';

const warning = (code: string): Finding => ({ code, severity: 'warning', message: `${code} found`, sources: ['f-1'] });
const info = (code: string): Finding => ({ code, severity: 'info', message: `${code} noted`, sources: ['f-1'] });
const NOW = '2026-11-23T10:00:00.000Z';
const withFindings = (found: Finding[]) => ({ ...newConsignment('c-1', NOW), findings: found });

describe('findingsLane', () => {
  test('no findings, or info findings alone: lane release, no reasons', () => {
    assert.deepEqual(findingsLane([]), { lane: 'release', reasons: [] });
    assert.deepEqual(findingsLane([info('vague-description'), info('missing-hs-code')]), { lane: 'release', reasons: [] });
  });

  test('a warning demands a document check and is a reason with weight 0.5', () => {
    assert.deepEqual(findingsLane([warning('payment-mismatch'), info('missing-hs-code')]), {
      lane: 'document-check',
      reasons: [{ code: 'finding:payment-mismatch', message: 'payment-mismatch found', weight: 0.5 }],
    });
  });
});

describe('findingsOnly (no risk engine configured)', () => {
  test('estimates are provisional; warnings combine as a noisy-or: two give 0.75, never 1', () => {
    const one = findingsOnly.estimate(withFindings([warning('a')]), NOW);
    assert.equal(one.lane, 'document-check');
    assert.equal(one.risk.selectedBy, 'rule');
    assert.equal(one.risk.provisional, true);
    assert.equal(one.risk.score, 0.5);
    assert.equal(findingsOnly.estimate(withFindings([warning('a'), warning('b')]), NOW).risk.score, 0.75);
    assert.ok(findingsOnly.estimate(withFindings(Array.from({ length: 20 }, (_, i) => warning(`w${i}`))), NOW).risk.score < 1);
  });

  test('a decision is final and dated; without warnings it releases, selected by none', () => {
    const d = findingsOnly.decide(withFindings([]), NOW);
    assert.deepEqual(d, { lane: 'release', risk: { score: 0, reasons: [], selectedBy: 'none', provisional: false, decidedAt: NOW } });
  });
});
