// Progress of a long computation as plain data, and computations written as steps that a caller runs at once or in slices.

/** How far a computation is: `done` of `total` units of work, in a named phase. `done` never decreases and ends at `total`. */
export interface Progress {
  done: number;
  total: number;
  phase: string;
}

export type OnProgress = (p: Progress) => void;

/**
 * A long computation that yields its progress between units of work and returns its result. Yielding is not I/O: the
 * caller decides what to do in between — nothing (`runSteps`), or let a server answer its requests.
 */
export type Steps<T> = Generator<Progress, T, void>;

/** Run the steps to the end at once, telling `onProgress` of each one. */
export function runSteps<T>(steps: Steps<T>, onProgress?: OnProgress): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress?.(next.value);
  }
}
