// Timing a piece of work in a loop: items per second, after a short warm-up, with the work's result kept live.

/**
 * Calls `call` (which processes `itemsPerCall` items and returns any number derived from them, so the work cannot
 * be optimised away) for about `ms` milliseconds after three warm-up calls; returns items per second.
 */
export function itemsPerSecond(ms: number, itemsPerCall: number, call: () => number): number {
  let sink = 0;
  for (let i = 0; i < 3; i++) sink += call();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    sink += call();
    calls++;
    now = performance.now();
  }
  if (Number.isNaN(sink)) process.stdout.write('');
  return (calls * itemsPerCall) / ((now - start) / 1000);
}
