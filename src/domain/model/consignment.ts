// The consignment Clearway assembles from filings, as stored and as returned (data-model.md, "Consignment").
import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, Decimal } from './filing.ts';

export const statuses = [
  'pre-arrival',
  'arrived',
  'held',
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
  provisional: Type.Boolean({ description: 'true while lanes come from consistency findings alone, before the risk engine' }),
});
export type Risk = Static<typeof Risk>;

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
    assessment: Type.Null({ description: 'Duty and tax assessment; null until the revenue engine assesses the consignment' }),
    risk: Risk,
    mergedFrom: Type.Array(Type.String(), { description: 'ids of consignments absorbed into this one' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    events: Type.Optional(Type.Array(ConsignmentEvent)),
  },
  { title: 'Consignment' },
);
export type Consignment = Static<typeof Consignment>;
