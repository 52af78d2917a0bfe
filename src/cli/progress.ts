// A progress bar for long commands (training, simulations), fed by the domain's progress reports; drawn on a terminal only.
import cliProgress from 'cli-progress';
import type { OnProgress } from '../domain/progress/index.ts';

export interface ProgressBar {
  onProgress: OnProgress;
  /** Takes the bar off the screen; call it before printing the result. */
  stop(): void;
}

/**
 * A bar on `stream` when it is a terminal; otherwise nothing is drawn, so output piped or captured is the result alone.
 * Reports without a total (a phase that only names itself, such as `loading`) draw no bar.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stdout): ProgressBar {
  if (!stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {percentage}% | {value}/{total}', hideCursor: true, clearOnComplete: true, stream },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (p) => {
      if (p.total <= 0) return;
      if (!started) {
        bar.start(p.total, p.done, { phase: p.phase });
        started = true;
        return;
      }
      if (bar.getTotal() !== p.total) bar.setTotal(p.total);
      bar.update(p.done, { phase: p.phase });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}
