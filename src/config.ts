// Configuration from environment variables only; every setting is documented in the README.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  adminKey: string | undefined;
  pack: string;
  sqliteSync: 'FULL' | 'NORMAL';
  logLevel: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const sync = (env.CLEARWAY_SQLITE_SYNC ?? 'FULL').toUpperCase();
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error('CLEARWAY_SQLITE_SYNC must be FULL or NORMAL');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.CLEARWAY_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.CLEARWAY_DEMO !== '0',
    adminKey: env.CLEARWAY_ADMIN_KEY || undefined,
    pack: env.CLEARWAY_PACK ?? 'EU',
    sqliteSync: sync,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
