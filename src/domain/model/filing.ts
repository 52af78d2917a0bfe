// The filings partners send (data-model.md, "Filings"): one TypeBox source for JSON Schema, types and OpenAPI.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Format names checked after the JSON Schema pass (see validation/semantic.ts); ajv only knows them by pattern. */
/** A closed set of strings, compiled to JSON Schema `enum` so a wrong value gives one clear error. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

const text = (min: number, max: number, description?: string) =>
  Type.String({ minLength: min, maxLength: max, ...(description ? { description } : {}) });

/** Non-negative decimal amount as a string; the number of minor digits is checked against the currency later. */
export const Decimal = Type.String({
  pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?$',
  maxLength: 20,
  description: 'Decimal string, e.g. "12.50"; at most the currency\'s minor digits',
  examples: ['12.50'],
});
/** Masses and quantities with up to 3 decimals (kilograms). */
export const Mass = Type.String({
  pattern: '^(0|[1-9][0-9]{0,9})(\\.[0-9]{1,3})?$',
  maxLength: 14,
  description: 'Mass in kilograms as a decimal string, up to 3 decimals',
  examples: ['0.450'],
});
export const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code',
  examples: ['CN'],
});
export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code',
  examples: ['EUR'],
});
/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm). */
export const DateTime = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'ISO 8601 date-time with offset',
  examples: ['2026-11-20T10:15:00Z'],
});
export const HsCode = Type.String({
  pattern: '^[0-9]{6,10}$',
  description: 'Harmonized System code, 6 to 10 digits',
  examples: ['610910'],
});
export const TrackingId = Type.String({
  minLength: 4,
  maxLength: 64,
  pattern: '^[A-Z0-9-]+$',
  description: 'UPU S10 item id (check digit verified) or a carrier waybill number, in capitals (the merge key)',
  examples: ['RR123456785CN'],
});
/** Ids become database keys: printable characters only (PostgreSQL text cannot hold NUL; control characters are never meant). */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]+$';
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE });

export const Address = Type.Object(
  {
    lines: Type.Array(text(1, 128), { minItems: 1, maxItems: 4 }),
    city: text(1, 64),
    postcode: Type.Optional(text(1, 16)),
    region: Type.Optional(text(1, 64)),
    country: CountryCode,
  },
  { additionalProperties: false },
);

export const TaxIds = Type.Object(
  {
    vat: Type.Optional(text(2, 20)),
    ioss: Type.Optional(text(2, 20)),
    eori: Type.Optional(text(2, 17)),
    other: Type.Optional(text(1, 64)),
  },
  { additionalProperties: false },
);

export const Party = Type.Object(
  {
    id: Type.Optional(Id),
    name: text(1, 128),
    address: Address,
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()./-]{4,24}$', maxLength: 24 })),
    taxIds: Type.Optional(TaxIds),
  },
  { additionalProperties: false },
);

export const Item = Type.Object(
  {
    description: text(3, 512, 'Plain words; "gift", "goods", "parts" alone are accepted but flagged'),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPrice: Decimal,
    hsCode: Type.Optional(HsCode),
    originCountry: CountryCode,
    netMassKg: Type.Optional(Mass),
    sku: Type.Optional(text(1, 64)),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
  },
  { additionalProperties: false },
);

/** Collection schemes a seller or marketplace may have collected tax under at checkout. */
export const taxSchemes = ['IOSS', 'UK-OMP', 'AU-GST-LVIG', 'NZ-GST', 'SG-OVR', 'NO-VOEC', 'CH-VAT', 'OTHER'] as const;
export const TaxScheme = StringEnum(taxSchemes);
export const TaxCollected = Type.Object(
  {
    scheme: TaxScheme,
    registrationNumber: text(2, 32),
    amount: Decimal,
    currency: CurrencyCode,
  },
  { additionalProperties: false },
);

const common = {
  filingId: Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description: "The sender's own id; the idempotency key" }),
  sentAt: DateTime,
};

const orderFields = {
  orderId: Id,
  orderedAt: DateTime,
  platform: Type.Optional(Party),
  seller: Party,
  buyer: Party,
  items: Type.Array(Item, { minItems: 1, maxItems: 999 }),
  currency: CurrencyCode,
  shippingCost: Type.Optional(Decimal),
  insuranceCost: Type.Optional(Decimal),
  incoterm: Type.Optional(StringEnum(['DDP', 'DAP'] as const)),
  transaction: Type.Optional(
    StringEnum(['sale', 'gift', 'sample', 'return', 'documents'] as const),
  ),
  taxCollected: Type.Optional(TaxCollected),
};

const paymentFields = {
  orderId: Id,
  transactionId: Id,
  provider: Type.Optional(text(1, 128)),
  method: Type.Optional(StringEnum(['card', 'wallet', 'bank', 'cod', 'other'] as const)),
  amount: Decimal,
  currency: CurrencyCode,
  paidAt: DateTime,
  payer: Type.Optional(Party),
  payee: Type.Optional(Party),
};

export const Service = StringEnum(['post', 'express', 'air-cargo', 'road', 'sea'] as const);

const transportFields = {
  carrier: Party,
  service: Service,
  consignee: Party,
  grossMassKg: Mass,
  departureCountry: CountryCode,
  destinationCountry: CountryCode,
  expectedArrival: DateTime,
  portOfArrival: Type.Optional(text(1, 64)),
  masterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description: 'Master air waybill or postal dispatch id' })),
  contents: Type.Optional(Type.Array(Item, { minItems: 1, maxItems: 999, description: "The carrier's CN22/CN23 view of the contents" })),
};

/** Payment data embedded in a declaration: the payment filing's fields less the order id it already has. */
export const EmbeddedPayment = Type.Object(
  { ...paymentFields, orderId: Type.Optional(Id) },
  { additionalProperties: false },
);
/** Transport data embedded in a declaration: the logistics filing's fields. */
export const EmbeddedTransport = Type.Object(transportFields, { additionalProperties: false });

const kind = <K extends string>(k: K) => Type.Literal(k);

export const DeclarationFiling = Type.Object(
  {
    ...common,
    kind: kind('declaration'),
    ...orderFields,
    trackingId: TrackingId,
    payment: Type.Optional(EmbeddedPayment),
    transport: Type.Optional(EmbeddedTransport),
  },
  { additionalProperties: false, title: 'DeclarationFiling', description: 'Order data with the tracking id: what most senders send' },
);
export const OrderFiling = Type.Object(
  { ...common, kind: kind('order'), ...orderFields, trackingId: Type.Optional(TrackingId) },
  { additionalProperties: false, title: 'OrderFiling', description: 'Order data from a marketplace or e-vendor' },
);
export const PaymentFiling = Type.Object(
  { ...common, kind: kind('payment'), ...paymentFields, trackingId: Type.Optional(TrackingId) },
  { additionalProperties: false, title: 'PaymentFiling', description: 'Payment data from a payment provider' },
);
export const LogisticsFiling = Type.Object(
  { ...common, kind: kind('logistics'), trackingId: TrackingId, orderId: Type.Optional(Id), ...transportFields },
  { additionalProperties: false, title: 'LogisticsFiling', description: 'Logistics data from a post or express carrier' },
);
export const ArrivalFiling = Type.Object(
  { ...common, kind: kind('arrival'), trackingId: TrackingId, orderId: Type.Optional(Id), arrivedAt: DateTime, location: text(1, 64) },
  { additionalProperties: false, title: 'ArrivalFiling' },
);
export const DeliveryFiling = Type.Object(
  { ...common, kind: kind('delivery'), trackingId: TrackingId, orderId: Type.Optional(Id), deliveredAt: DateTime },
  { additionalProperties: false, title: 'DeliveryFiling' },
);
export const ReturnFiling = Type.Object(
  {
    ...common,
    kind: kind('return'),
    trackingId: TrackingId,
    orderId: Type.Optional(Id),
    requestedAt: DateTime,
    items: Type.Array(
      Type.Object(
        { itemIndex: Type.Integer({ minimum: 0, maximum: 998 }), quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 999 },
    ),
    reason: text(1, 512),
  },
  { additionalProperties: false, title: 'ReturnFiling' },
);

/**
 * An export declaration from the origin administration (WCO Framework standard 12: exchange of export data), as
 * Clearway reads and writes it: the export it cleared for this parcel, another source beside the traders' filings.
 */
export const ExportItem = Type.Object(
  {
    description: text(1, 512),
    hsCode: Type.Optional(HsCode),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    value: Decimal,
    originCountry: CountryCode,
    netMassKg: Type.Optional(Mass),
  },
  { additionalProperties: false, description: 'value: the line’s (statistical) value in the declaration currency' },
);
export const ExportDeclarationFiling = Type.Object(
  {
    ...common,
    kind: kind('export-declaration'),
    trackingId: TrackingId,
    orderId: Type.Optional(Id),
    exportDeclarationId: text(1, 64),
    authority: text(1, 128),
    exportingCountry: CountryCode,
    exportedAt: DateTime,
    exporter: Party,
    consignee: Type.Optional(Party),
    currency: CurrencyCode,
    items: Type.Array(ExportItem, { minItems: 1, maxItems: 999 }),
  },
  { additionalProperties: false, title: 'ExportDeclarationFiling', description: 'exportDeclarationId: the export MRN or its national equivalent; authority: the administration that cleared the export' },
);

export const filingSchemas = {
  declaration: DeclarationFiling,
  order: OrderFiling,
  payment: PaymentFiling,
  logistics: LogisticsFiling,
  arrival: ArrivalFiling,
  delivery: DeliveryFiling,
  return: ReturnFiling,
  'export-declaration': ExportDeclarationFiling,
} as const satisfies Record<string, TSchema>;

export type FilingKind = keyof typeof filingSchemas;
export const filingKinds = Object.keys(filingSchemas) as FilingKind[];

/** Any filing, for the OpenAPI document; validation dispatches on `kind` instead (clearer errors than oneOf). */
export const Filing = Type.Union(Object.values(filingSchemas), { title: 'Filing' });

export type PartyData = Static<typeof Party>;
export type ItemData = Static<typeof Item>;
export type TaxCollectedData = Static<typeof TaxCollected>;
export type DeclarationFiling = Static<typeof DeclarationFiling>;
export type OrderFiling = Static<typeof OrderFiling>;
export type PaymentFiling = Static<typeof PaymentFiling>;
export type LogisticsFiling = Static<typeof LogisticsFiling>;
export type ArrivalFiling = Static<typeof ArrivalFiling>;
export type DeliveryFiling = Static<typeof DeliveryFiling>;
export type ReturnFiling = Static<typeof ReturnFiling>;
export type Filing = Static<typeof Filing>;
export type EmbeddedPayment = Static<typeof EmbeddedPayment>;
export type EmbeddedTransport = Static<typeof EmbeddedTransport>;
