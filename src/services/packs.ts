// Loads jurisdiction packs from jurisdictions/ (the law as data).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pack } from '../domain/jurisdiction/index.ts';

const ROOT = fileURLToPath(new URL('../../jurisdictions/', import.meta.url));

export function loadPack(id: string): Pack {
  const file = `${ROOT}${id.toLowerCase()}/pack.json`;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Pack;
  } catch (e) {
    throw new Error(`no jurisdiction pack ${id} (${file}): ${(e as Error).message}`);
  }
}
