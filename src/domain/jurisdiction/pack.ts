// A jurisdiction pack: the importing territory's rules as data, each fact with its source and validity dates.
export interface DatedFact {
  source: string;
  /** First day (YYYY-MM-DD) on which the fact is law. */
  validFrom: string;
  /** Last day on which it is law, when it has ended. */
  validUntil?: string;
  note?: string;
}

export interface Threshold extends DatedFact {
  /** Decimal string in the pack's currency. */
  amount: string;
  /** true: values equal to the amount are within the threshold (≤); false: strictly below (<). */
  inclusive: boolean;
  /** What the threshold is measured on. */
  basis: 'intrinsic';
}

export interface Pack {
  id: string;
  version: string;
  name: string;
  homeCountry: string;
  currency: string;
  memberStates?: string[];
  documentTransactions: DatedFact & { transactions: string[] };
  lowValueThreshold: Threshold[];
  dutyDeMinimis: Threshold[];
  taxDeMinimis: Threshold[];
  giftRelief: Threshold[];
  advanceDataDeadlineHours: DatedFact & Record<string, number | string>;
}

/** The fact in force on a day (YYYY-MM-DD), or undefined when none is. */
export function factOn<F extends DatedFact>(facts: readonly F[], day: string): F | undefined {
  return facts.find((f) => f.validFrom <= day && (f.validUntil === undefined || day <= f.validUntil));
}
