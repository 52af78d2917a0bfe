// The double-entry ledger: builders post balanced transactions, reports read balances, statements and reconciliation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dec } from '../../src/domain/money/index.ts';
import {
  accounts,
  adjustmentTxn,
  assessmentTxn,
  balances,
  checkTransaction,
  collectionTxn,
  isBalanced,
  parseAccount,
  reconciliation,
  refundPaidTxn,
  refundTxn,
  statement,
  transferTxn,
  type Transaction,
} from '../../src/domain/ledger/index.ts';

const at = (day: string) => `${day}T10:00:00Z`;
const postings = (t: Transaction) => t.postings.map((p) => [p.account, p.amount, p.currency]);

describe('ledger accounts', () => {
  test('helpers build ids that parse back', () => {
    assert.equal(accounts.revenue('duty'), 'revenue:duty');
    assert.deepEqual(parseAccount(accounts.consignee('C:1')), { type: 'consignee', consignmentId: 'C:1' });
    assert.deepEqual(parseAccount(accounts.party('DHL')), { type: 'party', partyId: 'DHL' });
    assert.deepEqual(parseAccount(accounts.refunds('DHL')), { type: 'refunds', payee: 'DHL' });
    assert.deepEqual(parseAccount(accounts.treasury()), { type: 'treasury' });
    assert.deepEqual(parseAccount(accounts.revenue('fees')), { type: 'revenue', kind: 'fees' });
    assert.equal(parseAccount('cash'), undefined);
    assert.equal(parseAccount('receivable:party:'), undefined);
  });
});

describe('ledger transactions', () => {
  test('an assessment debits the debtor with the total and credits revenue by kind, leaving out zero parts', () => {
    const t = assessmentTxn({ id: 'a1', at: at('2026-11-02'), consignmentId: 'C1', model: 'consumer', debtor: accounts.consignee('C1'), duty: '12.00', tax: '22.80', fees: '0', currency: 'EUR' });
    assert.equal(t.kind, 'assessment');
    assert.deepEqual(postings(t), [
      ['receivable:consignment:C1', '34.80', 'EUR'],
      ['revenue:duty', '-12.00', 'EUR'],
      ['revenue:tax', '-22.80', 'EUR'],
    ]);
    assert.deepEqual(checkTransaction(t), { ok: true });
    assert.equal(t.partyId, null);
    assert.equal(t.memo, '');
  });

  test('a collection debits treasury and credits the debtor', () => {
    const t = collectionTxn({ id: 'c1', at: at('2026-11-03'), consignmentId: 'C1', debtor: accounts.consignee('C1'), amount: '34.80', currency: 'EUR' });
    assert.equal(t.kind, 'collection');
    assert.deepEqual(postings(t), [['treasury', '34.80', 'EUR'], ['receivable:consignment:C1', '-34.80', 'EUR']]);
  });

  test('a transfer moves the debt from the consignee to the collecting partner', () => {
    const t = transferTxn({ id: 't1', at: at('2026-11-03'), consignmentId: 'C1', partyId: 'DHL', model: 'carrier', amount: '34.80', currency: 'EUR' });
    assert.equal(t.kind, 'transfer');
    assert.deepEqual(postings(t), [['receivable:party:DHL', '34.80', 'EUR'], ['receivable:consignment:C1', '-34.80', 'EUR']]);
    assert.equal(t.partyId, 'DHL');
  });

  test('a refund debits revenue by kind and credits refunds owed; paying it debits refunds owed and credits treasury', () => {
    const r = refundTxn({ id: 'r1', at: at('2026-11-20'), consignmentId: 'C1', payee: 'C1', duty: '12.00', tax: '22.80', currency: 'EUR' });
    assert.equal(r.kind, 'refund');
    assert.deepEqual(postings(r), [['revenue:duty', '12.00', 'EUR'], ['revenue:tax', '22.80', 'EUR'], ['refunds:C1', '-34.80', 'EUR']]);
    const paid = refundPaidTxn({ id: 'r2', at: at('2026-11-21'), payee: 'C1', amount: '34.80', currency: 'EUR' });
    assert.equal(paid.kind, 'payment');
    assert.deepEqual(postings(paid), [['refunds:C1', '34.80', 'EUR'], ['treasury', '-34.80', 'EUR']]);
  });

  test('an adjustment posts a re-assessment’s difference of either sign', () => {
    const t = adjustmentTxn({ id: 'j1', at: at('2026-11-04'), debtor: accounts.consignee('C1'), duty: '-2.00', tax: '0.50', currency: 'EUR' });
    assert.equal(t.kind, 'adjustment');
    assert.deepEqual(postings(t), [
      ['receivable:consignment:C1', '-1.50', 'EUR'],
      ['revenue:duty', '2.00', 'EUR'],
      ['revenue:tax', '-0.50', 'EUR'],
    ]);
    assert.deepEqual(checkTransaction(t), { ok: true });
  });

  test('a check refuses a single posting, bad or zero amounts, bad currencies and unbalanced sums, naming each', () => {
    const base = { id: 'x', at: at('2026-11-01'), kind: 'adjustment', consignmentId: null, partyId: null, model: null, memo: '' } as const;
    const codes = (ps: Transaction['postings']) => {
      const r = checkTransaction({ ...base, postings: ps });
      return r.ok ? [] : r.errors.map((e) => e.code);
    };
    assert.deepEqual(codes([{ account: 'treasury', amount: '1', currency: 'EUR' }]), ['too-few-postings', 'unbalanced']);
    assert.deepEqual(codes([{ account: 'treasury', amount: '1e2', currency: 'EUR' }, { account: 'revenue:duty', amount: '-100', currency: 'EUR' }]), ['invalid-amount']);
    assert.deepEqual(codes([{ account: 'treasury', amount: '0.00', currency: 'EUR' }, { account: 'revenue:duty', amount: '0', currency: 'EUR' }]), ['zero-amount', 'zero-amount']);
    assert.deepEqual(codes([{ account: '', amount: '1', currency: 'eur' }, { account: 'revenue:duty', amount: '-1', currency: 'eur' }]), ['invalid-account', 'invalid-currency', 'invalid-currency']);
    assert.deepEqual(codes([{ account: 'treasury', amount: '10.00', currency: 'EUR' }, { account: 'revenue:duty', amount: '-9.99', currency: 'EUR' }]), ['unbalanced']);
  });

  test('each currency must balance on its own', () => {
    const r = checkTransaction({
      id: 'fx', at: at('2026-11-01'), kind: 'collection', consignmentId: null, partyId: null, model: null, memo: '',
      postings: [{ account: 'treasury', amount: '10', currency: 'EUR' }, { account: 'receivable:party:P', amount: '-10', currency: 'USD' }],
    });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors.map((e) => e.message), ['transaction fx: EUR postings sum to 10, not zero', 'transaction fx: USD postings sum to -10, not zero']);
  });
});

/** A carrier-collected parcel and a consumer-paid parcel that comes back. */
const story = (): Transaction[] => [
  assessmentTxn({ id: '1', at: at('2026-11-02'), consignmentId: 'C1', model: 'carrier', debtor: accounts.consignee('C1'), duty: '10.00', tax: '20.00', fees: '2.00', currency: 'EUR' }),
  transferTxn({ id: '2', at: at('2026-11-02'), consignmentId: 'C1', partyId: 'DHL', model: 'carrier', amount: '32.00', currency: 'EUR', memo: 'collect on delivery' }),
  assessmentTxn({ id: '3', at: at('2026-11-05'), consignmentId: 'C2', model: 'consumer', debtor: accounts.consignee('C2'), tax: '19.00', currency: 'EUR' }),
  collectionTxn({ id: '4', at: at('2026-11-05'), consignmentId: 'C2', model: 'consumer', debtor: accounts.consignee('C2'), amount: '19.00', currency: 'EUR' }),
  collectionTxn({ id: '5', at: at('2026-11-10'), partyId: 'DHL', model: 'carrier', debtor: accounts.party('DHL'), amount: '20.00', currency: 'EUR', memo: 'weekly settlement' }),
  refundTxn({ id: '6', at: at('2026-11-20'), consignmentId: 'C2', model: 'consumer', payee: 'C2', tax: '19.00', currency: 'EUR', memo: 'returned' }),
  assessmentTxn({ id: '7', at: at('2026-12-01'), consignmentId: 'C3', partyId: 'DHL', model: 'carrier', debtor: accounts.party('DHL'), duty: '5.00', currency: 'EUR' }),
];

describe('ledger reports', () => {
  test('balances by account and currency, keeping the amounts’ decimals', () => {
    assert.deepEqual(balances(story()), {
      'receivable:consignment:C1': { EUR: '0.00' },
      'receivable:consignment:C2': { EUR: '0.00' },
      'receivable:party:DHL': { EUR: '17.00' },
      'refunds:C2': { EUR: '-19.00' },
      'revenue:duty': { EUR: '-15.00' },
      'revenue:fees': { EUR: '-2.00' },
      'revenue:tax': { EUR: '-20.00' },
      treasury: { EUR: '39.00' },
    });
    assert.equal(isBalanced(story()), true);
  });

  test('a ledger with one unbalanced transaction is not balanced', () => {
    const broken = story();
    broken[0] = { ...broken[0]!, postings: broken[0]!.postings.slice(1) };
    assert.equal(isBalanced(broken), false);
  });

  test('a partner’s statement: opening balance, lines with running balance in time order, closing balance', () => {
    const s = statement(story().reverse(), accounts.party('DHL'), '2026-11-03', '2026-12-31');
    assert.deepEqual(s.opening, { EUR: '32.00' });
    assert.deepEqual(s.lines.map((l) => [l.date, l.kind, l.consignmentId, l.memo, l.amount, l.balance]), [
      ['2026-11-10', 'collection', null, 'weekly settlement', '-20.00', '12.00'],
      ['2026-12-01', 'assessment', 'C3', '', '5.00', '17.00'],
    ]);
    assert.deepEqual(s.closing, { EUR: '17.00' });
  });

  test('a statement stops at its last day and is empty for a quiet period', () => {
    const s = statement(story(), accounts.party('DHL'), '2026-11-01', '2026-11-30');
    assert.deepEqual(s.opening, {});
    assert.deepEqual(s.lines.map((l) => l.balance), ['32.00', '12.00']);
    assert.deepEqual(s.closing, { EUR: '12.00' });
    const quiet = statement(story(), accounts.party('DHL'), '2026-11-11', '2026-11-30');
    assert.deepEqual([quiet.opening, quiet.lines, quiet.closing], [{ EUR: '12.00' }, [], { EUR: '12.00' }]);
  });

  test('reconciliation by model and by partner: assessed, collected, refunded, outstanding', () => {
    const r = reconciliation(story());
    assert.deepEqual(r.total.EUR, { assessed: '56.00', collected: '39.00', refunded: '19.00', refundsPaid: '0', outstanding: '-2.00' });
    assert.deepEqual(r.byModel.carrier!.EUR, { assessed: '37.00', collected: '20.00', refunded: '0', refundsPaid: '0', outstanding: '17.00' });
    assert.deepEqual(r.byModel.consumer!.EUR, { assessed: '19.00', collected: '19.00', refunded: '19.00', refundsPaid: '0', outstanding: '-19.00' });
    assert.deepEqual(r.byParty.DHL!.EUR, { assessed: '37.00', collected: '20.00', refunded: '0', refundsPaid: '0', outstanding: '17.00' });
    assert.deepEqual(Object.keys(r.byParty), ['DHL']);
  });

  test('paying a refund settles what is owed to the payee', () => {
    const paid = [...story(), refundPaidTxn({ id: '8', at: at('2026-11-22'), consignmentId: 'C2', model: 'consumer', payee: 'C2', amount: '19.00', currency: 'EUR' })];
    assert.deepEqual(reconciliation(paid).byModel.consumer!.EUR, { assessed: '19.00', collected: '19.00', refunded: '19.00', refundsPaid: '19.00', outstanding: '0.00' });
    assert.deepEqual(balances(paid)['refunds:C2'], { EUR: '0.00' });
  });
});

describe('ledger property', () => {
  const amount = fc.integer({ min: 1, max: 1_000_000 }).map((cents) => new Dec(cents).div(100).toFixed(2));
  const signed = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((cents) => new Dec(cents).div(100).toFixed(2));
  const currency = fc.constantFrom('EUR', 'GBP');
  const consignment = fc.constantFrom('C1', 'C2', 'C3');
  const party = fc.constantFrom('DHL', 'UPS');
  const model = fc.constantFrom('vendor', 'intermediary', 'consumer', 'carrier', 'account', null);
  const debtor = fc.oneof(consignment.map(accounts.consignee), party.map(accounts.party));
  const h = fc.record({ consignmentId: consignment, partyId: fc.option(party), model });
  const operation = fc.oneof(
    fc.record({ op: fc.constant('assessment' as const), h, debtor, duty: amount, tax: amount, fees: fc.constantFrom('0', '3.00'), currency }),
    fc.record({ op: fc.constant('adjustment' as const), h, debtor, duty: signed, tax: signed, currency }),
    fc.record({ op: fc.constant('collection' as const), h, debtor, amount, currency }),
    fc.record({ op: fc.constant('transfer' as const), h, party, amount, currency }),
    fc.record({ op: fc.constant('refund' as const), h, payee: fc.oneof(consignment, party), duty: amount, tax: fc.constantFrom('0', '1.10'), currency }),
    fc.record({ op: fc.constant('refundPaid' as const), h, payee: fc.oneof(consignment, party), amount, currency }),
  );
  type Op = typeof operation extends fc.Arbitrary<infer T> ? T : never;

  const build = (o: Op, i: number): Transaction => {
    const head = { id: String(i), at: at(`2026-11-${String(1 + (i % 28)).padStart(2, '0')}`), ...o.h };
    switch (o.op) {
      case 'assessment': return assessmentTxn({ ...head, debtor: o.debtor, duty: o.duty, tax: o.tax, fees: o.fees, currency: o.currency });
      case 'adjustment': return adjustmentTxn({ ...head, debtor: o.debtor, duty: o.duty, tax: o.tax, currency: o.currency });
      case 'collection': return collectionTxn({ ...head, debtor: o.debtor, amount: o.amount, currency: o.currency });
      case 'transfer': return transferTxn({ ...head, partyId: o.party, amount: o.amount, currency: o.currency });
      case 'refund': return refundTxn({ ...head, payee: o.payee, duty: o.duty, tax: o.tax, currency: o.currency });
      case 'refundPaid': return refundPaidTxn({ ...head, payee: o.payee, amount: o.amount, currency: o.currency });
    }
  };
  const sumOf = (values: string[]) => values.reduce((s, v) => s.plus(v), new Dec(0));

  test('the ledger balances after any sequence of operations, and reconciliation agrees with the balances', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (ops) => {
        const txns = ops.map(build).filter((t) => t.postings.length > 0);
        for (const t of txns) if (t.postings.length >= 2) assert.deepEqual(checkTransaction(t), { ok: true });
        const b = balances(txns);
        const r = reconciliation(txns);
        for (const cur of ['EUR', 'GBP']) {
          const of = (pred: (account: string) => boolean) => sumOf(Object.entries(b).filter(([a]) => pred(a)).map(([, m]) => m[cur] ?? '0'));
          assert.ok(of(() => true).isZero(), `${cur} balances sum to zero`);
          const f = r.total[cur] ?? { assessed: '0', collected: '0', refunded: '0', refundsPaid: '0', outstanding: '0' };
          // Reconciliation's own arithmetic.
          assert.ok(new Dec(f.assessed).minus(f.collected).minus(f.refunded).plus(f.refundsPaid).eq(f.outstanding));
          // And it matches the other side of the ledger: revenue, treasury, what debtors and payees stand at.
          assert.ok(new Dec(f.assessed).minus(f.refunded).eq(of((a) => a.startsWith('revenue:')).negated()), 'net revenue');
          assert.ok(new Dec(f.collected).minus(f.refundsPaid).eq(of((a) => a === 'treasury')), 'treasury');
          assert.ok(new Dec(f.outstanding).eq(of((a) => a.startsWith('receivable:') || a.startsWith('refunds:'))), 'outstanding');
          for (const [model, byCur] of Object.entries(r.byModel)) {
            const m = byCur[cur];
            if (m) assert.ok(new Dec(m.assessed).minus(m.collected).minus(m.refunded).plus(m.refundsPaid).eq(m.outstanding), model);
          }
          for (const p of ['DHL', 'UPS']) {
            // A payee counts as a partner once the ledger knows it as one (a transaction's party or a receivable).
            const known = txns.some((t) => t.partyId === p || t.postings.some((x) => x.account === accounts.party(p)));
            const fig = r.byParty[p]?.[cur];
            const held = of((a) => a === accounts.party(p) || (known && a === accounts.refunds(p)));
            assert.ok(new Dec(fig?.outstanding ?? '0').eq(held), `party ${p} outstanding is its accounts' balance`);
          }
        }
        assert.equal(isBalanced(txns.filter((t) => t.postings.length >= 2)), true);
      }),
      { numRuns: 300 },
    );
  });
});
