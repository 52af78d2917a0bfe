// `clearway verify`: check the event log's hash chain; exit 1 and name the first broken link when it fails.
import type { Config } from '../../config.ts';
import { openStore } from '../../store/index.ts';
import { verifyChain } from '../../services/audit.ts';

export async function verifyCommand(config: Config): Promise<void> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const v = await verifyChain(store, (n) => process.stderr.write(`\r${n} events checked`));
    if (v.events >= 10_000) process.stderr.write('\n');
    if (v.ok) {
      process.stdout.write(`chain verified: ${v.events} events, head ${v.head}\n`);
    } else {
      process.stdout.write(`chain BROKEN at event ${v.broken!.seq}: ${v.broken!.reason} (${v.events} events before it verify)\n`);
      process.exitCode = 1;
    }
  } finally {
    await store.close();
  }
}
