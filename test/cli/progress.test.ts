// The CLI's progress bar: drawn from the domain's progress reports on a terminal, and nothing at all anywhere else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from '../../src/cli/progress.ts';

/** A stream that keeps what is written to it; a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 100, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress bar', () => {
  test('on a terminal it draws the phase and percentage up to 100 %, then clears its line', () => {
    const out = stream(true);
    const bar = progressBar(out);
    bar.onProgress({ done: 0, total: 0, phase: 'loading' });
    assert.equal(out.text, '', 'a report without a total draws nothing');
    for (let done = 0; done <= 10; done++) bar.onProgress({ done, total: 10, phase: done < 5 ? 'encoding' : 'boosting' });
    bar.stop();
    assert.match(out.text, /encoding \[░+\] 0% \| 0\/10/);
    assert.match(out.text, /boosting \[█+\] 100% \| 10\/10/);
    assert.ok(out.text.endsWith('\u001b[2K'), 'the line is cleared for the result');
  });

  test('written elsewhere (a pipe, a file, the tests) it draws nothing', () => {
    const out = stream(false);
    const bar = progressBar(out);
    bar.onProgress({ done: 1, total: 2, phase: 'simulating' });
    bar.stop();
    assert.equal(out.text, '');
  });
});
