// The `clearway` command line: serve, import, export, verify, migrate, parties, officers, the revenue commands, and the risk model's evaluation.
import { Command, Option } from 'commander';
import { configFromEnv } from '../config.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { partiesCommand } from './commands/parties.ts';
import { officersCommand } from './commands/officers.ts';
import { serveCommand } from './commands/serve.ts';
import { verifyCommand } from './commands/verify.ts';
import { migrateCommand } from './commands/migrate.ts';
import { revenueCommands } from './commands/revenue.ts';
import { riskCommands } from './commands/risk.ts';

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('clearway')
    .description('Clearance of cross-border e-commerce parcels (WCO Framework of Standards on Cross-Border E-Commerce).\nSettings come from the environment: PORT, HOST, CLEARWAY_DATA_DIR, DATABASE_URL, CLEARWAY_DEMO, CLEARWAY_ADMIN_KEY (see README).')
    .showHelpAfterError();
  program.command('serve').description('run the HTTP API (loads demo data on first start unless CLEARWAY_DEMO=0)').action(() => serveCommand(configFromEnv()));
  program.command('migrate').description('apply database migrations and exit').action(() => migrateCommand(configFromEnv()));
  program
    .command('import')
    .description('import filings from an NDJSON file or a JSON array, as one sender; rejected lines go to a file with their errors')
    .argument('<file>', 'NDJSON (one filing per line) or a JSON array; - for standard input')
    .option('--as <partyId>', 'the sending party', 'admin')
    .option('--rejected <file>', 'where to write rejected lines (default: <file>.rejected.ndjson)')
    .action((file: string, opts: { as: string; rejected?: string }) => importCommand(configFromEnv(), file, opts));
  program
    .command('export')
    .description('export consignments as NDJSON or CSV')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--out <file>', 'output file (default: standard output)')
    .option('--since <datetime>', 'only consignments created at or after')
    .option('--until <datetime>', 'only consignments created before')
    .action((opts: { format: 'ndjson' | 'csv'; out?: string; since?: string; until?: string }) => exportCommand(configFromEnv(), opts));
  program.command('verify').description('verify the hash chain of the event log; names the first broken link').action(() => verifyCommand(configFromEnv()));
  partiesCommand(program);
  officersCommand(program);
  revenueCommands(program);
  riskCommands(program);
  await program.parseAsync(argv);
}
