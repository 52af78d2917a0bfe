// Test support for the revenue engine: assess a basket under a shipped pack, its shipped tariff and given exchange rates.
import { assess, type Assessment, type Basket, type ExchangeRate } from '../../src/domain/revenue/index.ts';
import { loadPack, loadTariff } from '../../src/services/packs.ts';
import { indexTariff } from '../../src/domain/revenue/index.ts';

export interface EstimateOptions {
  /** The day whose law applies (YYYY-MM-DD). */
  day: string;
  /** Exchange rates, each as units of `currency` per 1 unit of the pack's currency. */
  rates?: Array<{ currency: string; perUnit: string }>;
  /** Scheme registry: numbers that are registered (any other number is not); no registry when absent. */
  registry?: string[];
}

/** Assess a basket under pack `packId` as the engine would for that day; throws with the engine's message on refusal. */
export function estimate(packId: string, basket: Basket, options: EstimateOptions): Assessment {
  const pack = loadPack(packId);
  const tariff = indexTariff(loadTariff(packId));
  const rates = new Map<string, ExchangeRate>(
    (options.rates ?? []).map((r) => [r.currency, { ...r, validFrom: '2000-01-01', source: 'test rate' }]),
  );
  const registry = options.registry ? new Set(options.registry) : undefined;
  const result = assess(basket, pack, {
    day: options.day,
    rate: (currency) => rates.get(currency),
    tariff: (hs, day) => tariff(hs, day),
    registered: registry ? (_scheme, number) => registry.has(number) : undefined,
  });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.assessment;
}

/** The lines of one charge type, for assertions. */
export const linesOf = (a: Assessment, type: 'duty' | 'tax' | 'fee') => a.lines.filter((l) => l.type === type);
