// The consignment Clearway assembles from filings, as stored and as returned (data-model.md, "Consignment").
import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, Decimal } from './filing.ts';

export const statuses = [
  'pre-arrival',
  'arrived',
  'held',
  'payment-due',
  'released',
  'seized',
  'returned-to-sender',
  'destroyed',
  'delivered',
  'return-requested',
  'returned',
  'refunded',
] as const;
export type Status = (typeof statuses)[number];

export const lanes = ['release', 'document-check', 'scan', 'physical', 'agency-referral'] as const;
export type Lane = (typeof lanes)[number];

/** WCO Immediate Release Guidelines categories: 1 documents, 2 below de minimis, 3 low-value dutiable, 4 high value. */
export type Category = 1 | 2 | 3 | 4;

export const FilingRef = Type.Object(
  {
    filingId: Type.String(),
    kind: Type.String(),
    sender: Type.String({ description: 'Clearway id of the sending party' }),
    sentAt: Type.String(),
    receivedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type FilingRef = Static<typeof FilingRef>;

export const SourcedValue = Type.Object({
  value: Type.Unknown(),
  source: Type.String({ description: 'filingId of the filing the value comes from' }),
  sender: Type.String(),
});

export const Finding = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('warning'), Type.Literal('info')]),
  message: Type.String(),
  sources: Type.Array(Type.String(), { description: 'filingIds the finding compares' }),
});
export type Finding = Static<typeof Finding>;

export const CategoryDecision = Type.Object({
  category: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
  reason: Type.String(),
  intrinsicValue: Type.Union([Decimal, Type.Null()]),
  currency: CurrencyCode,
  packVersion: Type.String(),
  source: Type.String({ description: 'Legal basis of the threshold or relief applied' }),
});
export type CategoryDecision = Static<typeof CategoryDecision>;

export const Risk = Type.Object({
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), weight: Type.Number() })),
  selectedBy: Type.Union(['rule', 'model', 'random', 'none'].map((s) => Type.Literal(s))),
  provisional: Type.Boolean({ description: 'true until the decision at arrival: before it, the score is an estimate and the lane only what rules and findings force' }),
  expectedValue: Type.Optional(Type.Number({ description: 'score × what is at stake (revenue assessed, at least the harm floor), in the pack currency: how selection by score ranks parcels' })),
  decidedAt: Type.Optional(Type.String({ description: 'when the risk engine decided the lane (at arrival)' })),
  randomChance: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'the chance of a random check this parcel had at its decision (when it took part in the draw)' })),
  model: Type.Optional(Type.Object({ version: Type.String(), probability: Type.Number() }, { description: 'the active learned model and its probability of a finding' })),
  shadow: Type.Optional(Type.Object({ version: Type.String(), probability: Type.Number() }, { description: 'a model running in shadow: recorded, never deciding' })),
});
export type Risk = Static<typeof Risk>;

const Amount = Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'decimal string in the currency given beside it' });

export const RevenueLine = Type.Object({
  type: Type.Union([Type.Literal('duty'), Type.Literal('tax'), Type.Literal('fee')]),
  code: Type.String({ description: 'MFN (tariff), FLAT (flat duty), a tax code (VAT, GST, CT…), a fee code, or ROUNDING' }),
  item: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'index of the item the line is for; null for the whole consignment' }),
  basis: Type.String({ description: 'what the rate applies to: an amount, or a quantity or mass for a specific rate' }),
  rate: Type.String({ description: 'the rate as the law states it, e.g. "12%", "EUR 3 per tariff subheading"' }),
  amount: Amount,
  dueAtBorder: Type.Boolean({ description: 'false when collected at checkout under a recognised scheme' }),
  source: Type.String({ description: 'the law or tariff the line applies' }),
  explanation: Type.String(),
});

export const ExchangeRateUsed = Type.Object({
  currency: Type.String(),
  perUnit: Type.String({ description: 'units of `currency` per 1 unit of the assessment currency' }),
  validFrom: Type.String(),
  validUntil: Type.Optional(Type.String()),
  source: Type.String(),
});

export const collectionModels = ['vendor', 'intermediary', 'consumer', 'carrier', 'account'] as const;

export const Assessment = Type.Object(
  {
    packVersion: Type.String({ description: 'the jurisdiction pack and version whose rules were applied, e.g. EU@2026.11.1' }),
    day: Type.String({ description: 'the day whose law applies (YYYY-MM-DD)' }),
    destination: Type.String(),
    currency: CurrencyCode,
    exchangeRate: Type.Union([ExchangeRateUsed, Type.Null()]),
    intrinsicValue: Amount,
    customsValue: Amount,
    dutyTotal: Amount,
    taxTotal: Amount,
    feesTotal: Amount,
    total: Amount,
    alreadyCollected: Amount,
    dueAtBorder: Amount,
    collectedBy: Type.Union([...collectionModels.map((m) => Type.Literal(m)), Type.Null()]),
    scheme: Type.Union([
      Type.Object({ scheme: Type.String(), registrationNumber: Type.String(), recognised: Type.Boolean(), reason: Type.String() }),
      Type.Null(),
    ]),
    lines: Type.Array(RevenueLine),
    notes: Type.Array(Type.String()),
    reliefs: Type.Array(
      Type.Object({
        charge: Type.Union([Type.Literal('duty'), Type.Literal('tax'), Type.Literal('all')], { description: 'what the relief removes; all for a gift' }),
        threshold: Type.String({ description: 'the threshold amount in the assessment currency' }),
        source: Type.String({ description: 'the law granting the relief' }),
      }),
      { description: 'the de minimis and gift reliefs that applied' },
    ),
    findings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    correction: Type.Optional(
      Type.Object(
        { by: Type.String(), at: Type.String(), reason: Type.String(), before: Type.Object({ dutyTotal: Amount, taxTotal: Amount, dueAtBorder: Amount }) },
        { description: 'set when an officer corrected the assessment after a control: it then stands, later filings do not recompute it' },
      ),
    ),
  },
  { title: 'Assessment' },
);

const Parts = Type.Object({ duty: Amount, tax: Amount, fees: Amount });

export const Liability = Type.Object(
  {
    model: Type.Union(collectionModels.map((m) => Type.Literal(m)), { description: 'who collects what is due at the border' }),
    consignmentId: Type.String({ description: 'the consignment whose ledger account holds the debt (it may since have been merged into this one)' }),
    partyId: Type.Union([Type.String(), Type.Null()], { description: 'the partner debited (carrier, account holder, scheme seller); null for the consumer' }),
    currency: CurrencyCode,
    total: Amount,
    dueAtBorder: Amount,
    border: Parts,
    checkout: Parts,
    schemePartyId: Type.Union([Type.String(), Type.Null()], { description: 'the seller or marketplace that collected tax at checkout' }),
    schemeModel: Type.Union([Type.Literal('vendor'), Type.Literal('intermediary'), Type.Null()]),
    alreadyCollected: Amount,
    paid: Amount,
    refunded: Amount,
    establishedAt: Type.String(),
  },
  { title: 'Liability', description: 'What is owed on the parcel, fixed when customs decided, and what has been paid and refunded' },
);
export type Liability = Static<typeof Liability>;
export type Assessment = Static<typeof Assessment>;
export type RevenueLine = Static<typeof RevenueLine>;
export type CollectionModel = (typeof collectionModels)[number];

export const referralStatuses = ['pending', 'released', 'held', 'refused'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const Referral = Type.Object(
  {
    agency: Type.String({ description: 'party id of the agency' }),
    by: Type.String({ description: 'the agency rule id (`agency-rule:<id>`) or the officer who referred it' }),
    reason: Type.String(),
    referredAt: Type.String(),
    status: Type.Union(referralStatuses.map((s) => Type.Literal(s)), { description: 'pending until the agency decides; customs cannot release while any is not released' }),
    decidedAt: Type.Optional(Type.String()),
    note: Type.Optional(Type.String({ description: "the agency's reason for its decision" })),
  },
  { title: 'Referral' },
);
export type Referral = Static<typeof Referral>;

export const ConsignmentEvent = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  data: Type.Unknown(),
  hash: Type.String(),
});
export type ConsignmentEvent = Static<typeof ConsignmentEvent>;

export const Consignment = Type.Object(
  {
    id: Type.String(),
    trackingId: Type.Union([Type.String(), Type.Null()]),
    orderId: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union(statuses.map((s) => Type.Literal(s))),
    arrivalRecordedAt: Type.Union([Type.String(), Type.Null()], { description: 'when Clearway recorded the arrival; null before it' }),
    category: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()]),
    lane: Type.Union(lanes.map((l) => Type.Literal(l))),
    filings: Type.Array(FilingRef),
    fields: Type.Record(Type.String(), SourcedValue, { description: 'The merged view: each value with its source filing' }),
    findings: Type.Array(Finding),
    categoryDecision: Type.Union([CategoryDecision, Type.Null()]),
    assessment: Type.Union([Assessment, Type.Null()], { description: 'Duty and tax assessment; null until there is order data to assess' }),
    liability: Type.Union([Liability, Type.Null()], { description: 'null until customs decides (or when nothing is due)' }),
    risk: Risk,
    referrals: Type.Array(Referral, { description: 'referrals to other agencies (WCO Framework standard 10)' }),
    heldFor: Type.Optional(
      Type.Union([Type.Literal('agency'), Type.Literal('control'), Type.Literal('officer')], {
        description: 'why a held parcel is held: only for an agency, for a customs control, or by an officer; customs releases by itself only the first once every agency has',
      }),
    ),
    mergedFrom: Type.Array(Type.String(), { description: 'ids of consignments absorbed into this one' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    events: Type.Optional(Type.Array(ConsignmentEvent)),
  },
  { title: 'Consignment' },
);
export type Consignment = Static<typeof Consignment>;
