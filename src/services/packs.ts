// Loads jurisdiction packs and their shipped tariffs from jurisdictions/ (the law as data), each once per process.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pack } from '../domain/jurisdiction/index.ts';
import type { TariffLine } from '../domain/revenue/index.ts';
import { parseTariffCsv } from '../formats/tariff.ts';

const ROOT = fileURLToPath(new URL('../../jurisdictions/', import.meta.url));
const packs = new Map<string, Pack>();
const tariffs = new Map<string, TariffLine[]>();

export function loadPack(id: string): Pack {
  const key = id.toLowerCase();
  const cached = packs.get(key);
  if (cached) return cached;
  const file = `${ROOT}${key}/pack.json`;
  let pack: Pack;
  try {
    pack = JSON.parse(readFileSync(file, 'utf8')) as Pack;
  } catch (e) {
    throw new Error(`no jurisdiction pack ${id} (${file}): ${(e as Error).message}`);
  }
  packs.set(key, pack);
  return pack;
}

/** The tariff lines shipped with a pack (jurisdictions/<id>/tariff.csv); a broken file is a bug, so it throws. */
export function loadTariff(id: string): TariffLine[] {
  const key = id.toLowerCase();
  const cached = tariffs.get(key);
  if (cached) return cached;
  const file = `${ROOT}${key}/tariff.csv`;
  const { lines, errors } = existsSync(file) ? parseTariffCsv(readFileSync(file, 'utf8')) : { lines: [], errors: [] };
  if (errors.length > 0) {
    throw new Error(`${file}: ${errors.slice(0, 5).map((e) => `line ${e.line}${e.column ? ` ${e.column}` : ''}: ${e.message}`).join('; ')}`);
  }
  tariffs.set(key, lines);
  return lines;
}

let packList: Pack[] | undefined;
let byDestination: Map<string, Pack> | undefined;

/** Every pack shipped in jurisdictions/ (folders with a pack.json), read once. */
function allPacks(): Pack[] {
  packList ??= readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${ROOT}${d.name}/pack.json`))
    .map((d) => loadPack(d.name))
    .sort((a, b) => a.id.localeCompare(b.id));
  return packList;
}

/** The pack whose destinations include `destination` (DE → EU, CA-ON → CA, GB → GB). */
export function packFor(destination: string): Pack | undefined {
  byDestination ??= new Map(allPacks().flatMap((p) => (p.destinations ?? [p.homeCountry]).map((d) => [d, p] as const)));
  return byDestination.get(destination);
}
