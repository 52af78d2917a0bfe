// `clearway risk`: the learned risk model measured on the public customs declarations data set (evaluate), trained on
// Clearway's own control outcomes and put in or out of service (train, models, activate, shadow, retire), and hit rates.
import type { Command } from 'commander';
import type { HitRate } from '../../domain/risk/index.ts';
import { isDay } from '../../formats/csv-read.ts';
import { evaluateHoldout, PERCENTS, readDataSet, simulateOnline, type HoldoutResult, type OnlineResult } from '../../risk/index.ts';
import { MIN_AUC, type ModelSummary } from '../../services/models.ts';
import { CLI_ACTOR, withClearway } from '../clearway.ts';
import { progressBar } from '../progress.ts';
import { table } from '../table.ts';

const fail = (message: string): void => {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
};

const f3 = (x: number): string => x.toFixed(3);
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

const MAX_SEED = 2 ** 32 - 1;

/** --seed as a number, or undefined once the refusal is written. */
function seedOf(raw: string): number | undefined {
  if (/^\d+$/.test(raw) && Number(raw) <= MAX_SEED) return Number(raw);
  fail(`--seed must be a whole number from 0 to ${MAX_SEED}, got "${raw}"`);
  return undefined;
}


function printHoldout(dir: string, r: HoldoutResult): void {
  const out: string[] = [
    `Learned risk model on ${dir}`,
    `trained on 2020 (${r.sizes.train} declarations), early-stopped on 2021 Q1 (${r.sizes.validation}), ranked 2021 Q2 (${r.sizes.test})`,
    '',
    'inspected   precision   recall',
    ...PERCENTS.map((p) => `${`top ${p} %`.padEnd(11)} ${f3(r.precision[p]).padStart(9)}   ${f3(r.recall[p]).padStart(6)}`),
    '',
    `AUC ${f3(r.auc)}; validation precision at 5 % ${f3(r.validation.precision[5])}, at 10 % ${f3(r.validation.precision[10])}`,
    `${r.trees} trees kept of ${r.roundsTried} grown; training ${r.trainSeconds.toFixed(1)} s (encoders and boosting)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

function printOnline(r: OnlineResult): void {
  const out: string[] = [
    'Weekly online simulation over 2021 (10 % inspected each week: 90 % by score, 10 % at random; only inspected labels revealed)',
    '',
    'week         declarations  frauds  inspected  found  precision  recall  train s',
    ...r.weeks.map((w) =>
      [w.week.padEnd(12), String(w.declarations).padStart(12), String(w.frauds).padStart(7), String(w.inspected).padStart(10), String(w.found).padStart(6), f3(w.precision).padStart(10), f3(w.recall).padStart(7), w.trainSeconds.toFixed(1).padStart(8)].join(' '),
    ),
    '',
    `overall precision ${f3(r.precision)}, recall ${f3(r.recall)} (a perfect selector with the same inspections would recall ${f3(r.oracleRecall)})`,
    `precision of the score-chosen inspections ${f3(r.exploitationPrecision)}, of the random ones ${f3(r.explorationPrecision)}; training ${r.trainSeconds.toFixed(1)} s in all`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

function printTrained(m: ModelSummary): void {
  const x = m.metrics;
  const next =
    x.auc >= MIN_AUC
      ? `next: \`clearway risk shadow ${m.version}\` to score beside the active model, or \`clearway risk activate ${m.version}\` to put it in service`
      : `its hold-out AUC is below ${MIN_AUC}: \`clearway risk activate ${m.version}\` refuses it without --force`;
  const out: string[] = [
    `model ${m.version}, status ${m.status}: trained on ${x.examples} control outcomes, ${x.positives} of them hits (${x.trainRows} to train, the ${x.holdoutRows} most recent held out)`,
    '',
    `hold-out AUC              ${f3(x.auc)}`,
    `precision at top 10 %     ${f3(x.precisionAt10)}`,
    `recall at top 10 %        ${f3(x.recallAt10)}`,
    `precision at top 5 %      ${f3(x.precisionAt5)}`,
    `base rate (hits held out) ${f3(x.baseRate)}`,
    `trees                     ${x.trees}`,
    '',
    next,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

function printModels(models: readonly ModelSummary[]): void {
  if (models.length === 0) {
    process.stdout.write('no models trained yet: `clearway risk train` trains one on the recorded control outcomes\n');
    return;
  }
  const rows = models.map((m) => [m.version, m.status, m.trainedAt, f3(m.metrics.auc), f3(m.metrics.precisionAt10), String(m.metrics.examples), String(m.metrics.positives)]);
  process.stdout.write(`${table(['version', 'status', 'trained at', 'AUC', 'P@10', 'examples', 'hits'], rows, [false, false, false, true, true, true, true])}\n`);
}

const STATUS_DONE: Record<'active' | 'shadow' | 'retired', string> = {
  active: 'is now active: its probability counts in every decision at arrival',
  shadow: 'is now in shadow: scored and recorded at every decision, never deciding',
  retired: 'is retired: it no longer scores',
};

/** Put a model in a status; a refusal names its code and, where forcing is possible, how. */
async function setStatus(version: string, status: 'active' | 'shadow' | 'retired', force: boolean): Promise<void> {
  if (!/^\S{1,64}$/.test(version)) return fail(`VERSION is a model version as \`clearway risk models\` lists them (such as m1), got "${version}"`);
  const r = await withClearway((cw) => cw.models.setStatus(CLI_ACTOR, version, status, force));
  if (!r.ok) {
    const hint = r.code === 'not-good-enough' || r.code === 'worse-than-active' ? ` (--force activates it all the same)` : r.code === 'not-found' ? ' (`clearway risk models` lists them)' : '';
    return fail(`${r.code}: ${r.message}${hint}`);
  }
  process.stdout.write(`model ${r.value.version} ${STATUS_DONE[status]} (hold-out AUC ${f3(r.value.metrics.auc)})\n`);
}

function modelCommands(risk: Command): void {
  risk
    .command('train')
    .description("train a model on every recorded control outcome; it is stored as a candidate with its evaluation on the most recent outcomes")
    .option('--seed <n>', 'seed of the subsampling and fold assignment (a whole number)', '1')
    .option('--json', 'print the model summary as one JSON line instead')
    .action(async (opts: { seed: string; json?: boolean }) => {
      const seed = seedOf(opts.seed);
      if (seed === undefined) return;
      const bar = progressBar();
      const r = await withClearway((cw) => cw.models.train(CLI_ACTOR, { seed, onProgress: bar.onProgress })).finally(() => bar.stop());
      if (!r.ok) return fail(`${r.code}: ${r.message}`);
      if (opts.json) process.stdout.write(`${JSON.stringify(r.value)}\n`);
      else printTrained(r.value);
    });

  risk
    .command('models')
    .description('the trained models, oldest first, with their status and hold-out evaluation')
    .option('--json', 'print them as one JSON line instead')
    .action(async (opts: { json?: boolean }) => {
      const r = await withClearway((cw) => cw.models.list(CLI_ACTOR));
      if (!r.ok) return fail(`${r.code}: ${r.message}`);
      if (opts.json) process.stdout.write(`${JSON.stringify(r.value)}\n`);
      else printModels(r.value);
    });

  risk
    .command('activate')
    .description(`put a model in service (the active model is retired); refused below a hold-out AUC of ${MIN_AUC} or when clearly worse than the active one`)
    .argument('<version>', 'the model, as `clearway risk models` lists it (m1, m2…)')
    .option('--force', 'activate it even below the bar or worse than the active model')
    .action((version: string, opts: { force?: boolean }) => setStatus(version, 'active', opts.force ?? false));

  risk
    .command('shadow')
    .description('run a model beside the active one: scored and recorded at every decision, never deciding (the model in shadow before is retired)')
    .argument('<version>', 'the model, as `clearway risk models` lists it')
    .action((version: string) => setStatus(version, 'shadow', false));

  risk
    .command('retire')
    .description('take a model out of service or out of shadow')
    .argument('<version>', 'the model, as `clearway risk models` lists it')
    .action((version: string) => setStatus(version, 'retired', false));
}

const DAY_MS = 86_400_000;
const dayOf = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** The ways of selection, in the order the hit rates are shown; the service names no other. */
const SELECTIONS = ['rule', 'model', 'random', 'none'] as const;
const NO_DECISIONS: HitRate = { decided: 0, selected: 0, inspected: 0, hits: 0, hitRate: null, revenueAdjusted: {} };

const revenueText = (r: HitRate): string => Object.entries(r.revenueAdjusted).map(([c, a]) => `${c} ${a}`).join(', ') || '-';
const rateText = (r: HitRate): string => (r.hitRate === null ? '-' : f3(r.hitRate));

function rateTable(title: string, rates: ReadonlyArray<readonly [string, HitRate]>): string {
  const rows = rates.map(([key, r]) => [key, String(r.decided), String(r.selected), String(r.inspected), String(r.hits), rateText(r), revenueText(r)]);
  return table([title, 'decided', 'selected', 'inspected', 'hits', 'hit rate', 'revenue adjusted'], rows, [false, true, true, true, true, true, false]);
}

function hitRateCommand(risk: Command): void {
  risk
    .command('hit-rates')
    .description('hit rates of the decisions taken in a period: overall, by way of selection, by lane and by targeting rule')
    .option('--from <day>', 'first day of the decisions (YYYY-MM-DD); default: 29 days before --to')
    .option('--to <day>', 'last day, included (YYYY-MM-DD); default: today (UTC)')
    .option('--json', 'print the figures as one JSON line instead')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
        if (value !== undefined && !isDay(value)) return fail(`${name} takes a calendar day YYYY-MM-DD, got "${value}"`);
      }
      const to = opts.to ?? dayOf(Date.now());
      const from = opts.from ?? dayOf(Date.parse(`${to}T00:00:00Z`) - 29 * DAY_MS);
      if (to < from) return fail(`the period ends (--to ${to}${opts.to === undefined ? ', today' : ''}) before it starts (--from ${from})`);
      const r = await withClearway((cw) => cw.risk.hitRates(CLI_ACTOR, from, to));
      if (!r.ok) return fail(r.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
      const h = r.value;
      if (opts.json) return void process.stdout.write(`${JSON.stringify(h)}\n`);
      const o = h.overall;
      const out: string[] = [
        `Hit rates of the decisions taken from ${h.from} to ${h.to} (days included)`,
        `overall: ${o.decided} decided, ${o.selected} selected for a control, ${o.inspected} inspected, ${o.hits} hits, hit rate ${rateText(o)}, revenue adjusted ${revenueText(o)}`,
        `fault rate of the parcels no rule or score selected, from the random selections (weighted by their chance): ${h.randomEstimate === null ? '-' : f3(h.randomEstimate)}`,
      ];
      if (o.decided > 0) {
        const others = Object.keys(h.bySelection).filter((k) => !(SELECTIONS as readonly string[]).includes(k));
        const rules = Object.entries(h.byRule);
        out.push(
          '',
          rateTable('selection', [...SELECTIONS, ...others].map((k) => [k, h.bySelection[k] ?? NO_DECISIONS] as const)),
          '',
          rateTable('lane', Object.entries(h.byLane)),
          '',
          rules.length > 0 ? rateTable('rule', rules) : 'no targeting rule matched a decision in the period',
          '',
          'hit rate: hits ÷ inspected; the random selections estimate without bias how much of the traffic is wrong',
        );
      }
      process.stdout.write(`${out.join('\n')}\n`);
    });
}

export function riskCommands(program: Command): void {
  const risk = program.command('risk').description('the learned risk model (evaluate, train, models, activate, shadow, retire) and the hit rates of the controls');
  risk
    .command('evaluate')
    .description('train on the customs declarations data set (2020), stop early on 2021 Q1, rank 2021 Q2; or simulate weekly selection with --online')
    .requiredOption('--data <dir>', 'folder with df_syn_train_eng.csv, df_syn_valid_eng.csv and df_syn_test_eng.csv')
    .option('--json', 'end with one JSON line of the figures')
    .option('--online', 'week-by-week simulation over 2021 in which only inspected declarations reveal their label')
    .option('--seed <n>', 'seed of the subsampling and fold assignment (a whole number)', '1')
    .action((opts: { data: string; json?: boolean; online?: boolean; seed: string }) => {
      const seed = seedOf(opts.seed);
      if (seed === undefined) return;
      const read = readDataSet(opts.data);
      if ('error' in read) return fail(read.error);
      if (opts.online) {
        const r = simulateOnline(read.data, { seed });
        printOnline(r);
        if (opts.json) {
          const weeks = r.weeks.map((w) => ({ week: w.week, inspected: w.inspected, found: w.found, precision: round(w.precision), recall: round(w.recall) }));
          process.stdout.write(`${JSON.stringify({ precision: round(r.precision), recall: round(r.recall), oracleRecall: round(r.oracleRecall), exploitationPrecision: round(r.exploitationPrecision), explorationPrecision: round(r.explorationPrecision), trainSeconds: round(r.trainSeconds, 2), seed, weeks })}\n`);
        }
        return;
      }
      const r = evaluateHoldout(read.data, { seed });
      printHoldout(opts.data, r);
      if (opts.json) {
        const figures = {
          precisionAt1: round(r.precision[1]),
          precisionAt2: round(r.precision[2]),
          precisionAt5: round(r.precision[5]),
          precisionAt10: round(r.precision[10]),
          recallAt5: round(r.recall[5]),
          recallAt10: round(r.recall[10]),
          trainSeconds: round(r.trainSeconds, 2),
          recallAt1: round(r.recall[1]),
          recallAt2: round(r.recall[2]),
          auc: round(r.auc),
          trees: r.trees,
          seed,
        };
        process.stdout.write(`${JSON.stringify(figures)}\n`);
      }
    });
  modelCommands(risk);
  hitRateCommand(risk);
}
