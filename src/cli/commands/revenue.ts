// Revenue commands: load a national tariff, exchange rates and scheme registries; statements, reconciliation, threshold review.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { configFromEnv, type Config } from '../../config.ts';
import { taxSchemes } from '../../domain/model/index.ts';
import { daily, monthlyPenultimateWednesday, type ExchangeRate } from '../../domain/revenue/index.ts';
import { parseEcbHistory, parseRatesCsv, parseRegistryCsv, parseTariffCsv, toCsv } from '../../formats/index.ts';
import { isDay, type FormatError } from '../../formats/csv-read.ts';
import { loadPack } from '../../services/packs.ts';
import { openStore, type Registration, type Store } from '../../store/index.ts';
import { CLI_ACTOR, withClearway } from '../clearway.ts';
import { progressBar } from '../progress.ts';

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}


const read = (file: string): string => readFileSync(file === '-' ? 0 : file, 'utf8');

/** Print a file's errors (at most 20) and fail: nothing of a file with errors is loaded. */
function refuse(file: string, errors: FormatError[]): void {
  for (const e of errors.slice(0, 20)) process.stderr.write(`${file}:${e.line}${e.column ? ` [${e.column}]` : ''}: ${e.code}: ${e.message}\n`);
  if (errors.length > 20) process.stderr.write(`… and ${errors.length - 20} more\n`);
  process.stderr.write(`nothing loaded: ${errors.length} error(s) in ${file}\n`);
  process.exitCode = 1;
}

const now = () => new Date().toISOString();

/** The schemes a filing can name that have a registry (OTHER has none). */
const registrySchemes = taxSchemes.filter((s) => s !== 'OTHER');

/** The pack named by --pack, or undefined (with a message and exit code 1) when there is none. */
function packOrRefuse(id: string): ReturnType<typeof loadPack> | undefined {
  try {
    return loadPack(id);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
}

export function revenueCommands(program: Command): void {
  const tariff = program.command('tariff').description('the national tariff (duty rates by HS prefix)');
  tariff
    .command('import')
    .description('load tariff lines from a CSV file (format: docs/revenue.md); they override the lines shipped with the pack')
    .argument('<file>', 'tariff CSV; - for standard input')
    .option('--pack <id>', 'jurisdiction pack', configFromEnv().pack)
    .action(async (file: string, opts: { pack: string }) => {
      const pack = packOrRefuse(opts.pack);
      if (!pack) return;
      const { lines, errors } = parseTariffCsv(read(file));
      if (errors.length > 0) return refuse(file, errors);
      await withStore(configFromEnv(), (s) => s.revenue.putTariff(pack.id, lines, now()));
      process.stdout.write(`${lines.length} tariff lines loaded for ${pack.id}\n`);
    });

  const rates = program.command('rates').description('customs exchange rates');
  rates
    .command('import')
    .description("load exchange rates: the ECB reference-rate history (turned into the rate the pack's law prescribes) or a rates CSV")
    .argument('<file>', 'CSV file; - for standard input')
    .option('--pack <id>', 'jurisdiction pack', configFromEnv().pack)
    .addOption(new Option('--format <format>', 'ecb: eurofxref-hist.csv; rates: currency,per_unit,valid_from,valid_until,source').choices(['ecb', 'rates']).default('ecb'))
    .action(async (file: string, opts: { pack: string; format: 'ecb' | 'rates' }) => {
      const pack = packOrRefuse(opts.pack);
      if (!pack) return;
      let loaded: ExchangeRate[];
      if (opts.format === 'ecb') {
        if (pack.currency !== 'EUR') {
          process.stderr.write(`ECB reference rates are quoted per EUR; pack ${pack.id} is in ${pack.currency}: use --format rates\n`);
          process.exitCode = 1;
          return;
        }
        const { quotes, errors } = parseEcbHistory(read(file));
        if (errors.length > 0) return refuse(file, errors);
        loaded = pack.exchangeRates.rule === 'monthly-penultimate-wednesday' ? monthlyPenultimateWednesday(quotes) : daily(quotes);
      } else {
        const { rates: parsed, errors } = parseRatesCsv(read(file));
        if (errors.length > 0) return refuse(file, errors);
        loaded = parsed;
      }
      await withStore(configFromEnv(), (s) => s.revenue.putRates(pack.id, loaded, now()));
      const currencies = new Set(loaded.map((r) => r.currency)).size;
      process.stdout.write(`${loaded.length} rates for ${currencies} currencies loaded for ${pack.id} (${pack.exchangeRates.rule}, ${pack.exchangeRates.publisher})\n`);
    });

  const registry = program.command('registry').description('registries of collection schemes (IOSS, VOEC…)');
  registry
    .command('import')
    .description('load a scheme registry: CSV with number,name,valid_from[,valid_until]; once loaded, numbers not in it are not recognised')
    .argument('<file>', 'CSV file; - for standard input')
    .addOption(new Option('--scheme <scheme>', 'the scheme').choices(registrySchemes).makeOptionMandatory())
    .action(async (file: string, opts: { scheme: string }) => {
      const { registrations, errors } = parseRegistryCsv(read(file));
      const regs: Registration[] = registrations.map((r) => ({ ...r, scheme: opts.scheme }));
      if (errors.length > 0) return refuse(file, errors);
      await withStore(configFromEnv(), (s) => s.revenue.putRegistrations(regs, now()));
      process.stdout.write(`${regs.length} ${opts.scheme} registrations loaded\n`);
    });

  program
    .command('statement')
    .description("a partner's periodic statement (account-based collection, carriers collecting on delivery): opening balance, entries, closing balance")
    .requiredOption('--party <id>', 'the partner')
    .requiredOption('--from <day>', 'first day (YYYY-MM-DD)')
    .requiredOption('--to <day>', 'last day, included (YYYY-MM-DD)')
    .addOption(new Option('--format <format>').choices(['text', 'csv']).default('text'))
    .action(async (opts: { party: string; from: string; to: string; format: 'text' | 'csv' }) => {
      if (!isDay(opts.from) || !isDay(opts.to)) {
        process.stderr.write('--from and --to take calendar days YYYY-MM-DD\n');
        process.exitCode = 1;
        return;
      }
      const r = await withClearway((cw) => cw.accounts.statement(CLI_ACTOR, opts.party, opts.from, opts.to));
      if (!r.ok) {
        const hint = r.code === 'invalid-period' ? '--from and --to take calendar days YYYY-MM-DD, --to not before --from: ' : '';
        process.stderr.write(`${hint}${r.message}\n`);
        process.exitCode = 1;
        return;
      }
      const st = r.value;
      if (opts.format === 'csv') {
        process.stdout.write(toCsv(['day', 'kind', 'consignment', 'memo', 'currency', 'amount', 'balance']));
        for (const l of st.lines) process.stdout.write(toCsv([l.date, l.kind, l.consignmentId, l.memo, l.currency, l.amount, l.balance]));
        return;
      }
      process.stdout.write(`Statement for ${opts.party}, ${opts.from} to ${opts.to} (positive: owed to customs)\n`);
      process.stdout.write(`opening ${fmt(st.opening)}\n`);
      for (const l of st.lines) process.stdout.write(`${l.date}  ${l.kind.padEnd(10)} ${(l.consignmentId ?? '').padEnd(36)} ${l.currency} ${l.amount.padStart(10)}  balance ${l.balance}  ${l.memo}\n`);
      process.stdout.write(`closing ${fmt(st.closing)}\n`);
    });

  program
    .command('reconcile')
    .description('assessed vs collected, refunded and outstanding revenue, per collection model and per partner')
    .action(async () => {
      const r = await withClearway((cw) => cw.accounts.reconciliation(CLI_ACTOR));
      if (r.ok) process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
    });

  program
    .command('simulate-thresholds')
    .description('replay stored consignments under other duty and tax de minimis values: revenue, parcels to collect on, cost of collection')
    .option('--duty <amounts>', 'duty de minimis values to try, comma-separated, in the pack currency', '0,22,150')
    .option('--tax <amounts>', 'tax de minimis values to try, comma-separated', '0,22')
    .requiredOption('--cost <amount>', 'cost of collecting on one declaration, in the pack currency')
    .option('--csv', 'print CSV')
    .action(async (opts: { duty: string; tax: string; cost: string; csv?: boolean }) => {
      const amount = (x: string) => /^\d+(\.\d+)?$/.test(x);
      const list = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const duties = list(opts.duty);
      const taxes = list(opts.tax);
      if (duties.length === 0 || taxes.length === 0 || ![...duties, ...taxes, opts.cost].every(amount)) {
        process.stderr.write('--duty and --tax take decimal amounts separated by commas, --cost a decimal amount\n');
        process.exitCode = 1;
        return;
      }
      const bar = progressBar();
      const { results, pack } = await withClearway(async (cw) => ({
        results: await cw.revenue.simulateThresholds({ duties, taxes, cost: opts.cost }, { onProgress: bar.onProgress }),
        pack: cw.pack,
      })).finally(() => bar.stop());
      const columns = ['duty', 'tax', 'parcels', 'parcelsWithRevenue', 'revenue', 'collectionCost', 'net', 'skipped'] as const;
      if (opts.csv) {
        process.stdout.write(toCsv([...columns]));
        for (const r of results) process.stdout.write(toCsv(columns.map((c) => r[c])));
        return;
      }
      const width = (c: (typeof columns)[number]) => Math.max(c.length, ...results.map((r) => String(r[c]).length));
      process.stdout.write(`${columns.map((c) => c.padStart(width(c))).join('  ')}\n`);
      for (const r of results) process.stdout.write(`${columns.map((c) => String(r[c]).padStart(width(c))).join('  ')}\n`);
      process.stdout.write(`amounts in ${pack.currency}; the pack's other rules (flat duties, schemes, fees) apply unchanged\n`);
    });
}

const fmt = (byCurrency: Record<string, string>): string =>
  Object.entries(byCurrency).map(([c, a]) => `${c} ${a}`).join(', ') || '0';
