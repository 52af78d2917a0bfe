// A domain computation's steps run on a node a slice at a time, so that the node answers its requests in between.
import type { OnProgress, Steps } from '../domain/progress/index.ts';

/** Longest a slice of steps runs before the event loop gets a turn. */
const SLICE_MS = 20;

export interface SliceOptions {
  onProgress?: OnProgress;
  /** Stops the computation between two slices (it then rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** Run the steps to the end, yielding to the event loop every few milliseconds; the result as `runSteps` gives it. */
export async function runInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  options.signal?.throwIfAborted();
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    options.onProgress?.(next.value);
    if (performance.now() - sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
}
