// `clearway import FILE`: feeds a file of filings through the intake pipeline as one sender, with a progress bar,
// a summary, and the rejected lines (with their errors) written to a file of their own.
import { closeSync, createReadStream, createWriteStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { once } from 'node:events';
import cliProgress from 'cli-progress';
import type { Config } from '../../config.ts';
import { LineSplitter, type Line } from '../../formats/index.ts';
import { openClearway } from '../../services/clearway.ts';
import type { Actor, Role } from '../../services/roles.ts';

const GROUP = 2000;

export async function importCommand(config: Config, file: string, opts: { as: string; rejected?: string }): Promise<void> {
  const cw = await openClearway(config);
  try {
    const party = await cw.parties.get(opts.as);
    if (!party) {
      process.stderr.write(`no party ${opts.as}: create it first (clearway parties create NAME --role ROLE)\n`);
      process.exitCode = 2;
      return;
    }
    const actor: Actor = { partyId: party.id, role: party.role as Role, name: party.name };
    const rejectedFile = opts.rejected ?? `${file === '-' ? 'stdin' : file}.rejected.ndjson`;
    const rejected = createWriteStream(rejectedFile);
    const counts = { new: 0, repeat: 0, rejected: 0 };
    const size = file === '-' ? 0 : statSync(file).size;
    const bar = new cliProgress.SingleBar(
      { format: 'importing [{bar}] {percentage}% | {filings} filings | {rate}/s', hideCursor: true, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    bar.start(Math.max(size, 1), 0, { filings: 0, rate: 0 });
    let readBytes = 0;

    const submit = async (lines: Line[]) => {
      const good = lines.filter((l): l is Extract<Line, { value: unknown }> => 'value' in l);
      const { results } = await cw.intake.submit(actor, good.map((l) => l.value));
      const byLine = new Map(good.map((l, i) => [l.line, { result: results[i]!, value: l.value }]));
      for (const l of lines) {
        const entry = byLine.get(l.line);
        const r = entry?.result;
        if (r && (r.status === 201 || r.status === 200)) {
          counts[r.status === 201 ? 'new' : 'repeat']++;
          continue;
        }
        counts.rejected++;
        const errors = 'error' in l ? [l.error] : r && 'errors' in r ? r.errors : r && 'code' in r ? [{ path: '', code: r.code, message: r.message }] : [];
        const record = { line: l.line, status: r?.status ?? 400, errors, filing: entry?.value };
        if (!rejected.write(`${JSON.stringify(record)}\n`)) await once(rejected, 'drain');
      }
      const done = counts.new + counts.repeat + counts.rejected;
      bar.update(readBytes, { filings: done, rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
    };

    const isArray = file !== '-' && startsWithBracket(file);
    if (isArray) {
      const values = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
      readBytes = size;
      for (let i = 0; i < values.length; i += GROUP) {
        await submit(values.slice(i, i + GROUP).map((value, j) => ({ line: i + j + 1, value })));
      }
    } else {
      const splitter = new LineSplitter(1024 * 1024, Number.MAX_SAFE_INTEGER);
      let pending: Line[] = [];
      const source = file === '-' ? process.stdin : createReadStream(file);
      for await (const chunk of source as AsyncIterable<Buffer>) {
        readBytes += chunk.length;
        pending.push(...splitter.push(chunk));
        if (pending.length >= GROUP) {
          await submit(pending);
          pending = [];
        }
      }
      pending.push(...splitter.end());
      if (pending.length) await submit(pending);
    }
    bar.update(Math.max(size, 1));
    bar.stop();
    rejected.end();
    await once(rejected, 'finish');
    const seconds = (Date.now() - started) / 1000;
    const total = counts.new + counts.repeat + counts.rejected;
    process.stdout.write(
      `${total} filings in ${seconds.toFixed(1)} s: ${counts.new} new, ${counts.repeat} already received, ${counts.rejected} rejected` +
        `${counts.rejected ? ` (see ${rejectedFile})` : ''}\n`,
    );
    if (counts.rejected) process.exitCode = 1;
  } finally {
    await cw.close();
  }
}

/** A JSON array file starts with `[` (after white space); NDJSON starts with `{`. Reads only the first bytes. */
function startsWithBracket(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8').trimStart().startsWith('[');
  } finally {
    closeSync(fd);
  }
}
