// Small numeric helpers for scores and messages (scores are ratios, not money: numbers are fine here).
import type { Fixed } from '../../money/index.ts';

/** Clamped to 0..1 and rounded to three decimals, so scores print and compare alike everywhere. */
export const unitScore = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : Math.round(x * 1000) / 1000);

/** a / b of two fixed-point values as a number (for scores only). */
export const ratio = (a: Fixed, b: Fixed): number => Number(a.units) / Number(b.units);

/** Four decimals, for rates in evidence. */
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** A rate as a percentage with one decimal: 0.0525 → "5.3 %". */
export const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** A duration in words, one decimal when needed: 1 → "1 hour", 1.25 → "1.3 hours", 48 → "48 hours". */
export const hours = (h: number): string => (h === 1 ? '1 hour' : `${Number.isInteger(h) ? String(h) : h.toFixed(1)} hours`);

export const HOUR_MS = 3_600_000;
