// `clearway export`: consignments as NDJSON (the API's shape without events) or CSV.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Config } from '../../config.ts';
import { consignmentCsvHeader, consignmentCsvRow } from '../../formats/index.ts';
import { openStore } from '../../store/index.ts';

export async function exportCommand(config: Config, opts: { format: 'ndjson' | 'csv'; out?: string; since?: string; until?: string }): Promise<void> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  // `clearway export | head`: the reader may close the pipe early; stop quietly instead of crashing on EPIPE.
  if (!opts.out) {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let n = 0;
  try {
    if (opts.format === 'csv') await write(consignmentCsvHeader);
    const filter = { since: opts.since && new Date(opts.since).toISOString(), until: opts.until && new Date(opts.until).toISOString() };
    for await (const c of store.consignments(filter)) {
      await write(opts.format === 'csv' ? consignmentCsvRow(c) : `${JSON.stringify(c)}\n`);
      n++;
    }
  } finally {
    await store.close();
    if (opts.out) {
      out.end();
      await once(out, 'finish');
    }
  }
  process.stderr.write(`exported ${n} consignments${opts.out ? ` to ${opts.out}` : ''}\n`);
}
