// `prepare` (run by npm install and npm ci): builds the console and the portal into dist/web when Vite is installed.
// A production install without dev dependencies (npm ci --omit=dev) skips it: build once where Vite is, ship dist/web.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/vite/package.json')) {
  process.stdout.write('clearway: vite is not installed (dev dependencies omitted); the web apps are not built. Run `npm run build:web` where it is.\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
