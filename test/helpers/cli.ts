// Running the `clearway` command as a user would, in a directory of its own, for the CLI tests.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/clearway.js', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A runner of `clearway ARGS…` in `dir()` with `env()` (read at each call, so a test's before() may set them). No
 * control capacity unless the test sets one: a parcel's lane is then what rules and findings force, the same in every
 * run (a random selection depends on the consignment id, which differs per run).
 */
export function cliIn(dir: () => string, env: () => NodeJS.ProcessEnv) {
  const clearway = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [BIN, ...args], { cwd: dir(), env: { CLEARWAY_CAPACITY: 'none', ...env() }, timeout: 30_000 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      });
    });
  /** Writes a file in the directory and returns its path. */
  const file = (name: string, content: string): string => {
    const p = join(dir(), name);
    writeFileSync(p, content);
    return p;
  };
  return { clearway, file };
}
