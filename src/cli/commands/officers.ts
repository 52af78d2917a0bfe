// `clearway officers`: add console logins (officer accounts), the password from CLEARWAY_PASSWORD or typed unseen.
import { Option, type Command } from 'commander';
import { consoleRoles, type ConsoleRole } from '../../services/officers.ts';
import { withClearway } from '../clearway.ts';

export function officersCommand(program: Command): void {
  const officers = program.command('officers').description('manage console logins (officer accounts)');
  officers
    .command('add')
    .description('add a console login acting as a new party (--name, --role) or an existing one (--party); prints it as JSON')
    .argument('<username>', '3 to 64 characters among a-z, 0-9, . _ - (stored in lower case)')
    .option('--name <name>', 'the name of the party created for the login')
    .addOption(new Option('--role <role>', 'the role of the party created (default officer)').choices(consoleRoles))
    .option('--party <partyId>', 'an existing officer, admin or agency party the login acts as')
    .addHelpText('after', '\nThe password comes from CLEARWAY_PASSWORD or, in a terminal, is asked for twice without echo. At least 10 characters.')
    .action(async (username: string, opts: { name?: string; role?: ConsoleRole; party?: string }) => {
      if (opts.party === undefined && !opts.name) return fail('--name is required, unless --party names the existing party the login acts as');
      let password = process.env.CLEARWAY_PASSWORD || undefined;
      if (password === undefined) {
        if (!process.stdin.isTTY) return fail('set CLEARWAY_PASSWORD, or run in a terminal to type the password');
        password = await readHidden('Password: ');
        if ((await readHidden('Password again: ')) !== password) return fail('the two passwords differ');
      }
      await withClearway(async (cw) => {
        const r = await cw.officers.createAccount(username, password, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.role !== undefined ? { role: opts.role } : {}),
          ...(opts.party !== undefined ? { partyId: opts.party } : {}),
        });
        if (!r.ok) return fail(r.message);
        process.stdout.write(`${JSON.stringify(r.value)}\n`);
      });
    });
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
