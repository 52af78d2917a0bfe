// Public surface of the ledger: double-entry accounting of what is assessed, collected and refunded, pure and without I/O.
export { accounts, parseAccount, type Account, type AccountId, type RevenueKind } from './accounts.ts';
export {
  checkTransaction,
  assessmentTxn,
  adjustmentTxn,
  collectionTxn,
  transferTxn,
  refundTxn,
  refundPaidTxn,
  partsTotal,
  type Posting,
  type Transaction,
  type TransactionKind,
  type TransactionHeader,
  type RevenueParts,
  type CollectionModel,
  type LedgerError,
} from './entries.ts';
export {
  balances,
  isBalanced,
  statement,
  reconciliation,
  type ByCurrency,
  type Statement,
  type StatementLine,
  type Figures,
  type Reconciliation,
} from './reports.ts';
