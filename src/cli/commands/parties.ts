// `clearway parties`: register parties and issue, list, revoke and rotate their API keys from a script, without the
// HTTP API.
import { Option, type Command } from 'commander';
import { configFromEnv } from '../../config.ts';
import { openClearway, type Clearway } from '../../services/clearway.ts';
import { MAX_ROTATION_GRACE_S, type KeyView } from '../../services/parties.ts';
import { isRole, roles } from '../../services/roles.ts';
import { table } from '../table.ts';

async function withClearway<T>(fn: (cw: Clearway) => Promise<T>): Promise<T> {
  const cw = await openClearway(configFromEnv());
  try {
    return await fn(cw);
  } finally {
    await cw.close();
  }
}

function fail(message: string, code = 1): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = code;
}

const keyState = (k: KeyView, now = new Date().toISOString()) =>
  k.revokedAt === null ? 'active' : k.revokedAt > now ? `active until ${k.revokedAt}` : `revoked ${k.revokedAt}`;

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
  parties
    .command('keys')
    .description("list a party's API keys: id, label, when issued, active or revoked (never a secret)")
    .argument('<partyId>')
    .option('--json', 'print them as one JSON line instead')
    .action(async (partyId: string, opts: { json?: boolean }) => {
      const keys = await withClearway((cw) => cw.parties.listKeys(partyId));
      if (!keys) return fail(`no party ${partyId}`);
      const rows = keys.map((k) => [k.id, k.label ?? '', k.createdAt, keyState(k)]);
      process.stdout.write(opts.json ? `${JSON.stringify(keys)}\n` : `${table(['key', 'label', 'issued at', 'state'], rows, [false, false, false, false])}\n`);
    });
  parties
    .command('revoke')
    .description('revoke an API key now: this node refuses it at once, running servers within 30 s')
    .argument('<partyId>')
    .argument('<keyId>', 'the key id, as `clearway parties keys` lists it (the part after cwk_ and before the next _)')
    .action(async (partyId: string, keyId: string) => {
      const key = await withClearway((cw) => cw.parties.revokeKey(partyId, keyId));
      if (!key) return fail(`party ${partyId} has no key ${keyId} (\`clearway parties keys ${partyId}\` lists them)`);
      process.stdout.write(`${JSON.stringify(key)}\n`);
    });
  parties
    .command('rotate')
    .description('replace an API key: print a new one (shown once) and revoke the old one, now or after --grace seconds')
    .argument('<partyId>')
    .argument('<keyId>')
    .option('--grace <seconds>', `how long the old key keeps working (0 to ${MAX_ROTATION_GRACE_S})`, '0')
    .action(async (partyId: string, keyId: string, opts: { grace: string }) => {
      const grace = Number(opts.grace);
      if (!/^\d+$/.test(opts.grace) || grace > MAX_ROTATION_GRACE_S) return fail(`--grace must be a whole number of seconds from 0 to ${MAX_ROTATION_GRACE_S}, got ${opts.grace}`, 2);
      const r = await withClearway((cw) => cw.parties.rotateKey(partyId, keyId, { graceSeconds: grace }));
      if (!r.ok) return fail(r.code === 'not-found' ? `party ${partyId} has no key ${keyId}` : `key ${keyId} is revoked or already replaced`);
      process.stdout.write(`${JSON.stringify({ key: r.issued.key, id: r.issued.id, replaced: r.replaced })}\n`);
    });
}
