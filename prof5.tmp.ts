import { itemsPerSecond } from './bench/rate.ts';
import { benchParts } from './bench/risk-engine.ts';
const { all, engine } = benchParts(2000);
console.log(itemsPerSecond(8000, all.length, () => { let s = 0; for (const c of all) s += engine.estimate(c, '2026-11-23T12:00:00.000Z').risk.score; return s; }));
