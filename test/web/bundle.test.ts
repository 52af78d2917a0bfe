// The console's first page stays light: what a browser downloads to show it (the entry, the chunks it imports
// statically, its CSS) must stay under 400 kB gzipped. Charts load later, with the dashboards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_ROOT } from '../../src/server/web.ts';

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}

const LIMIT = 400 * 1024;
const manifestFile = join(WEB_ROOT, '.vite', 'manifest.json');

/** Files the page at this entry loads before it can draw: the entry and its static imports, recursively. */
function firstLoad(manifest: Record<string, ManifestChunk>, entry: string): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    assert.ok(chunk, `manifest has no chunk ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(entry);
  return files;
}

test('the console first page is under 400 kB gzipped, and the charts are not part of it', { skip: existsSync(manifestFile) ? false : 'web apps not built (npm run build:web)' }, () => {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((k) => k.endsWith('console/index.html'));
  assert.ok(entry, 'the manifest names the console entry');
  const files = firstLoad(manifest, entry);
  const gz = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB_ROOT, f)), { level: 9 }).length, 0);
  process.stdout.write(`# console first page: ${files.size} files, ${(gz / 1024).toFixed(1)} kB gzipped (limit ${LIMIT / 1024} kB)\n`);
  assert.ok(gz < LIMIT, `console first page is ${(gz / 1024).toFixed(1)} kB gzipped`);
  // The dashboards chunk, with the chart library, is loaded on demand.
  const dashboards = Object.keys(manifest).find((k) => k.includes('dashboards/Dashboards'));
  assert.ok(dashboards, 'the dashboards are a chunk of their own');
  assert.ok(!files.has(manifest[dashboards]!.file), 'the dashboards chunk is not loaded with the first page');
});
