// `clearway parties`: register parties and issue API keys from a script, without the HTTP API.
import { Option, type Command } from 'commander';
import { configFromEnv } from '../../config.ts';
import { openClearway } from '../../services/clearway.ts';
import { isRole, roles } from '../../services/roles.ts';

export function partiesCommand(program: Command): void {
  const parties = program.command('parties').description('manage parties and their API keys');
  parties
    .command('create')
    .description('register a party and print its id and a new API key (shown once)')
    .argument('<name>')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .addOption(new Option('--collection <model>', 'revenue collection arrangement: carrier (collects on delivery) or account (periodic statement)').choices(['carrier', 'account']))
    .action(async (name: string, opts: { role: string; collection?: 'carrier' | 'account' }) => {
      if (!isRole(opts.role)) {
        process.stderr.write(`--role must be one of ${roles.join(', ')}\n`);
        process.exitCode = 2;
        return;
      }
      const cw = await openClearway(configFromEnv());
      try {
        const party = await cw.parties.create({ name, role: opts.role, ...(opts.collection ? { collection: opts.collection } : {}) });
        const key = await cw.parties.issueKey(party.id, 'cli');
        process.stdout.write(`${JSON.stringify({ id: party.id, name, role: party.role, key: key!.key })}\n`);
      } finally {
        await cw.close();
      }
    });
  parties
    .command('key')
    .description('issue a new API key for a party (shown once)')
    .argument('<partyId>')
    .action(async (partyId: string) => {
      const cw = await openClearway(configFromEnv());
      try {
        const key = await cw.parties.issueKey(partyId, 'cli');
        if (!key) {
          process.stderr.write(`no party ${partyId}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`${key.key}\n`);
      } finally {
        await cw.close();
      }
    });
}
