// `clearway officers`: add, list, disable and enable console logins (officer accounts) and set their passwords, a
// password coming from CLEARWAY_PASSWORD or typed unseen.
import { Option, type Command } from 'commander';
import { consoleRoles, type AccountSummary, type ConsoleRole, type OfficerOutcome } from '../../services/officers.ts';
import { withClearway } from '../clearway.ts';
import { table } from '../table.ts';

const PASSWORD_HELP = '\nThe password comes from CLEARWAY_PASSWORD or, in a terminal, is asked for twice without echo. At least 10 characters.';

export function officersCommand(program: Command): void {
  const officers = program.command('officers').description('manage console logins (officer accounts)');
  officers
    .command('add')
    .description('add a console login acting as a new party (--name, --role) or an existing one (--party); prints it as JSON')
    .argument('<username>', '3 to 64 characters among a-z, 0-9, . _ - (stored in lower case)')
    .option('--name <name>', 'the name of the party created for the login')
    .addOption(new Option('--role <role>', 'the role of the party created (default officer)').choices(consoleRoles))
    .option('--party <partyId>', 'an existing officer, admin or agency party the login acts as')
    .addHelpText('after', PASSWORD_HELP)
    .action(async (username: string, opts: { name?: string; role?: ConsoleRole; party?: string }) => {
      if (opts.party === undefined && !opts.name) return fail('--name is required, unless --party names the existing party the login acts as');
      const password = await newPassword();
      if (password === undefined) return;
      await withClearway(async (cw) =>
        print(
          await cw.officers.createAccount(username, password, {
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.role !== undefined ? { role: opts.role } : {}),
            ...(opts.party !== undefined ? { partyId: opts.party } : {}),
          }),
        ),
      );
    });
  officers
    .command('list')
    .description('list the console logins: the party each acts as, whether it is disabled or locked out, when it was added')
    .option('--json', 'print them as one JSON line instead')
    .action(async (opts: { json?: boolean }) => {
      const accounts = await withClearway((cw) => cw.officers.list());
      process.stdout.write(opts.json ? `${JSON.stringify(accounts)}\n` : listing(accounts));
    });
  officers
    .command('disable')
    .description('stop a login: no password opens a session for it and its open sessions end at once; prints the result as JSON')
    .argument('<username>', 'the login, as `clearway officers list` shows it')
    .action(async (username: string) => withClearway(async (cw) => print(await cw.officers.disable(username))));
  officers
    .command('enable')
    .description('let a disabled login in again, with the password it had; prints the result as JSON')
    .argument('<username>', 'the login, as `clearway officers list` shows it')
    .action(async (username: string) => withClearway(async (cw) => print(await cw.officers.enable(username))));
  officers
    .command('password')
    .description("set a login's password: its sessions end, its failed attempts and any lock-out are cleared; prints the result as JSON")
    .argument('<username>', 'the login, as `clearway officers list` shows it')
    .addHelpText('after', PASSWORD_HELP)
    .action(async (username: string) => {
      const password = await newPassword();
      if (password === undefined) return;
      await withClearway(async (cw) => print(await cw.officers.setPassword(username, password)));
    });
}

/** A result as one JSON line, or its refusal on stderr (exit code 2). */
function print(r: OfficerOutcome<object>): void {
  if (!r.ok) return fail(r.code === 'not-found' ? `${r.message} (\`clearway officers list\` lists them)` : r.message);
  process.stdout.write(`${JSON.stringify(r.value)}\n`);
}

function listing(accounts: readonly AccountSummary[]): string {
  if (accounts.length === 0) return 'no console logins yet: `clearway officers add` adds one\n';
  const state = (a: AccountSummary) =>
    [a.disabled ? 'disabled' : 'active', ...(a.lockedUntil !== null ? [`locked until ${a.lockedUntil}`] : [])].join(', ');
  const rows = accounts.map((a) => [a.username, a.role, a.partyId, a.name, state(a), a.createdAt]);
  return `${table(['username', 'role', 'party', 'name', 'state', 'created at'], rows, [false, false, false, false, false, false])}\n`;
}

/** The new password from CLEARWAY_PASSWORD, or typed twice unseen in a terminal; undefined once a refusal is written. */
async function newPassword(): Promise<string | undefined> {
  const fromEnv = process.env.CLEARWAY_PASSWORD || undefined;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) return void fail('set CLEARWAY_PASSWORD, or run in a terminal to type the password');
  const password = await readHidden('Password: ');
  if ((await readHidden('Password again: ')) !== password) return void fail('the two passwords differ');
  return password;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

/** A line typed in the terminal, not echoed (raw mode: the characters are read one by one). */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          return resolve(typed);
        }
        if (ch === '\u0003') {
          // Ctrl-C: nothing is open yet, so leave as a shell expects.
          finish();
          process.exit(130);
        }
        typed = ch === '\u007f' || ch === '\b' ? [...typed].slice(0, -1).join('') : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}
