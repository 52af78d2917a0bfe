// The HS 2022 nomenclature shipped in jurisdictions/hs: complete, and found by an item's first six digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nomenclature, subheading } from '../../src/services/hs.ts';

test('the nomenclature has the 96 chapters, 1,228 headings and 5,612 subheadings of HS 2022, without Comtrade\'s chapter 99 (SOURCE.md)', () => {
  const levels = [...nomenclature().values()].reduce<Record<number, number>>((n, e) => ({ ...n, [e.level]: (n[e.level] ?? 0) + 1 }), {});
  assert.deepEqual(levels, { 2: 96, 4: 1228, 6: 5612 });
});

test('a national code falls in its 6-digit subheading; a code in none has no subheading', () => {
  assert.match(subheading('6109100010')!.description, /T-shirts/i);
  assert.equal(subheading('611710')!.code, '611710');
  assert.equal(subheading('999999'), undefined);
  assert.equal(subheading('6109'), undefined, 'a heading is not a subheading');
});
