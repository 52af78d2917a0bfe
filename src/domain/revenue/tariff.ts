// Tariff lookup: the longest HS prefix of an item's code that has a line in force on the day.
import { inForce } from '../jurisdiction/index.ts';
import type { TariffLine } from './types.ts';

export type TariffLookup = (hs: string, day: string) => TariffLine | undefined;

/**
 * Index tariff lines by prefix. Later lines for the same prefix and dates win over earlier ones, so a national
 * tariff imported after the pack's shipped lines overrides them.
 */
export function indexTariff(...sources: ReadonlyArray<readonly TariffLine[]>): TariffLookup {
  const byPrefix = new Map<string, TariffLine[]>();
  for (const lines of sources) {
    for (const line of lines) {
      const list = byPrefix.get(line.hs);
      if (list) list.unshift(line);
      else byPrefix.set(line.hs, [line]);
    }
  }
  return (hs, day) => {
    for (let len = Math.min(hs.length, 10); len >= 2; len--) {
      const list = byPrefix.get(hs.slice(0, len));
      if (!list) continue;
      const line = list.find((l) => inForce(l, day));
      if (line) return line;
    }
    return undefined;
  };
}
