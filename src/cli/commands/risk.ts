// `clearway risk evaluate`: train the learned risk model on the public customs declarations data set and measure it.
import type { Command } from 'commander';
import { evaluateHoldout, PERCENTS, readDataSet, simulateOnline, type HoldoutResult, type OnlineResult } from '../../risk/index.ts';

const fail = (message: string): void => {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
};

const f3 = (x: number): string => x.toFixed(3);
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

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

export function riskCommands(program: Command): void {
  const risk = program.command('risk').description('the learned risk model');
  risk
    .command('evaluate')
    .description('train on the customs declarations data set (2020), stop early on 2021 Q1, rank 2021 Q2; or simulate weekly selection with --online')
    .requiredOption('--data <dir>', 'folder with df_syn_train_eng.csv, df_syn_valid_eng.csv and df_syn_test_eng.csv')
    .option('--json', 'end with one JSON line of the figures')
    .option('--online', 'week-by-week simulation over 2021 in which only inspected declarations reveal their label')
    .option('--seed <n>', 'seed of the subsampling and fold assignment (a whole number)', '1')
    .action((opts: { data: string; json?: boolean; online?: boolean; seed: string }) => {
      if (!/^\d+$/.test(opts.seed) || Number(opts.seed) > 2 ** 32 - 1) return fail(`--seed must be a whole number from 0 to ${2 ** 32 - 1}, got "${opts.seed}"`);
      const seed = Number(opts.seed);
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
}
