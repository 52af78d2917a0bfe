// `clearway serve`: migrations, first-start demo data and admin key, then the HTTP API until a signal drains and stops it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Config } from '../../config.ts';
import { loadDemo } from '../../demo/load.ts';
import { buildServer } from '../../server/app.ts';
import { stopOnSignals } from '../../server/shutdown.ts';
import { ADMIN_PARTY_ID, openClearway } from '../../services/clearway.ts';
import { webhookSettingsFromEnv } from '../../services/dispatcher.ts';

/** A path as the user would type it: relative when under the working directory. */
const shown = (p: string) => {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : `./${r}`;
};

export async function serveCommand(config: Config): Promise<void> {
  const cw = await openClearway(config);
  const notes: string[] = [];
  const sqlite = cw.store.dialect === 'sqlite';
  if (sqlite && !config.adminKey) {
    // No admin key configured: issue one once and keep it beside the database, readable by this user only.
    const file = join(config.dataDir, 'admin-key');
    if (!existsSync(file)) {
      const issued = await cw.parties.issueKey(ADMIN_PARTY_ID, 'first start');
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(file, `${issued!.key}\n`, { mode: 0o600 });
    }
    notes.push(`admin API key: in ${shown(file)} (or set CLEARWAY_ADMIN_KEY)`);
  }
  if (config.demo && (await cw.store.counts()).consignments === 0) {
    process.stdout.write('First start: loading demo data…\n');
    const demo = await loadDemo(cw);
    notes.push(`demo data: ${demo.parcels} parcels from ${demo.filings} filings${demo.refused ? ` (${demo.refused} refused!)` : ''}; demo API keys in ${shown(demo.keysFile)}`);
    for (const login of demo.logins) notes.push(`console login: ${login.username} / ${login.password}${login.role === 'officer' ? '' : ` (${login.role})`}`);
  }
  const app = await buildServer(cw, { logger: { level: config.logLevel } });
  // Each serving node delivers webhooks (leases keep two nodes from sending one subscription); one-shot commands do not.
  cw.subscriptions.dispatcher.start({ ...webhookSettingsFromEnv(process.env), log: app.log });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://localhost:${port}`;
  process.stdout.write(
    [
      `Clearway is running at ${base} (store: ${sqlite ? `SQLite ${shown(join(config.dataDir, 'clearway.db'))}` : 'PostgreSQL'}, jurisdiction ${cw.pack.id}@${cw.pack.version})`,
      `  API docs: ${base}/docs  (OpenAPI: ${base}/openapi.json)`,
      `  console:  ${base}/console  (public portal: ${base}/)`,
      ...notes.map((n) => `  ${n}`),
      '',
    ].join('\n'),
  );
  // SIGTERM (an orchestrator) or SIGINT (Ctrl-C): /ready 503, no new connections, requests under way finish, exit 0;
  // a second signal or CLEARWAY_SHUTDOWN_TIMEOUT_MS exits 1.
  stopOnSignals(app, cw, { timeoutMs: config.shutdownTimeoutMs });
}
