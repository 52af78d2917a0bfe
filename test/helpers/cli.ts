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

/** A runner of `clearway ARGS…` in `dir()` with `env()` (read at each call, so a test's before() may set them). */
export function cliIn(dir: () => string, env: () => NodeJS.ProcessEnv) {
  const clearway = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [BIN, ...args], { cwd: dir(), env: env(), timeout: 30_000 }, (error, stdout, stderr) => {
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
