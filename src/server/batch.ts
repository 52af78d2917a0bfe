// Streams an NDJSON batch through intake with adaptive grouping: lines wait a few milliseconds for company, so a
// fast sender's lines share large transactions and a slow one's are answered almost at once. Reading pauses while
// too many lines wait (backpressure upstream) and writing waits for the client to drain (downstream).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { LineSplitter, type Line } from '../formats/index.ts';

export interface BatchLimits {
  maxLines: number;
  maxLineBytes: number;
  /** Largest group handed to one transaction. */
  group: number;
  /**
   * How long a smaller group may wait for more lines before it is committed anyway. Waiting matters because a
   * SQLite commit blocks the event loop: without it each group would be one socket read (~50 lines).
   */
  lingerMs: number;
}

export async function streamBatch(
  source: AsyncIterable<Buffer>,
  out: Writable,
  limits: BatchLimits,
  handle: (lines: Line[]) => Promise<string[]>,
): Promise<void> {
  const splitter = new LineSplitter(limits.maxLineBytes, limits.maxLines);
  const queue: Line[] = [];
  let ended = false;
  let failure: Error | null = null;
  const wake = { processor: null as (() => void) | null, reader: null as (() => void) | null };
  const notify = () => {
    wake.processor?.();
    wake.processor = null;
  };
  const releaseReader = () => {
    wake.reader?.();
    wake.reader = null;
  };
  // A client that goes away must not leave the reader parked on a full queue: release it, it then stops.
  const closed = new Promise<void>((resolve) => out.once('close', resolve));
  void closed.then(() => {
    releaseReader();
    notify();
  });

  const reader = (async () => {
    try {
      for await (const chunk of source) {
        queue.push(...splitter.push(chunk));
        notify();
        if (splitter.overflowAt !== null || out.destroyed) break;
        while (queue.length > limits.group * 2 && !out.destroyed) await new Promise<void>((r) => (wake.reader = r));
        if (out.destroyed) break;
      }
      if (splitter.overflowAt === null && !out.destroyed) queue.push(...splitter.end());
    } catch (e) {
      failure = e as Error;
    } finally {
      ended = true;
      notify();
    }
  })();

  const write = async (text: string) => {
    if (out.destroyed) return;
    if (!out.write(text)) {
      const drained = new AbortController();
      await Promise.race([once(out, 'drain', { signal: drained.signal }).catch(() => {}), closed]);
      drained.abort();
    }
  };

  const more = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      wake.processor = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  let lingerSince: number | null = null;
  for (;;) {
    if (out.destroyed) break;
    if (queue.length === 0) {
      if (ended) break;
      await more();
      continue;
    }
    if (queue.length < limits.group && !ended) {
      lingerSince ??= Date.now();
      const left = limits.lingerMs - (Date.now() - lingerSince);
      if (left > 0) {
        await more(left);
        continue;
      }
    }
    lingerSince = null;
    const group = queue.splice(0, limits.group);
    releaseReader();
    const rendered = await handle(group);
    await write(rendered.join(''));
    if (out.destroyed) break;
  }
  releaseReader();
  await reader;
  if (splitter.overflowAt !== null) {
    await write(
      `${JSON.stringify({
        line: splitter.overflowAt,
        status: 413,
        errors: [{ path: '', code: 'batch-too-large', message: `a batch holds at most ${limits.maxLines} filings; line ${splitter.overflowAt} and after were not read` }],
      })}\n`,
    );
  } else if (failure !== null) {
    await write(`${JSON.stringify({ status: 400, errors: [{ path: '', code: 'stream-error', message: (failure as Error).message }] })}\n`);
  }
}
