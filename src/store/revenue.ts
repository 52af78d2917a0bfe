// Revenue persistence: the reference data the administration loads (exchange rates, tariff lines, scheme registries) and the ledger.
import type { Insertable, Kysely } from 'kysely';
import type { ExchangeRate, TariffLine } from '../domain/revenue/index.ts';
import { chunks } from './chunks.ts';
import type { Database } from './schema.ts';

export interface Registration {
  scheme: string;
  number: string;
  name: string;
  validFrom: string;
  validUntil?: string;
}

/** One balanced ledger transaction as stored (the ledger domain builds and checks it). */
export interface LedgerRecord {
  id: string;
  at: string;
  kind: string;
  consignmentId: string | null;
  partyId: string | null;
  model: string | null;
  memo: string;
  postings: Array<{ account: string; amount: string; currency: string }>;
}


export async function appendLedger(db: Kysely<Database>, records: LedgerRecord[]): Promise<void> {
  const rows = records.map((t) => ({
    id: t.id,
    at: t.at,
    kind: t.kind,
    consignment_id: t.consignmentId,
    party_id: t.partyId,
    model: t.model,
    memo: t.memo,
    postings: JSON.stringify(t.postings),
  }));
  for (const part of chunks(rows, 8)) await db.insertInto('ledger').values(part).execute();
}

type ReferenceTable = 'exchange_rates' | 'tariff_lines' | 'registrations';

/**
 * Insert rows, a row whose key columns match a stored one replacing it (every other column taken from the new
 * row), in one transaction, in chunks that keep bound parameters under both dialects' limits.
 */
async function upsert<T extends ReferenceTable>(db: Kysely<Database>, table: T, keys: ReadonlyArray<keyof Database[T] & string>, rows: Array<Insertable<Database[T]>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const updated = columns.filter((c) => !keys.includes(c as keyof Database[T] & string));
  await db.transaction().execute(async (trx) => {
    for (const part of chunks(rows, columns.length)) {
      // Kysely cannot type an update set built from a column list: the columns come from the rows' own type.
      await (trx.insertInto(table) as any)
        .values(part)
        .onConflict((oc: any) => oc.columns(keys).doUpdateSet((eb: any) => Object.fromEntries(updated.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .execute();
    }
  });
}

export class RevenueStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Store rates for a pack; a rate with the same currency and first day replaces the one stored. */
  async putRates(packId: string, rates: ExchangeRate[], at: string): Promise<void> {
    const rows = rates.map((r) => ({
      pack_id: packId,
      currency: r.currency,
      valid_from: r.validFrom,
      valid_until: r.validUntil ?? null,
      per_unit: r.perUnit,
      source: r.source,
      imported_at: at,
    }));
    await upsert(this.db, 'exchange_rates', ['pack_id', 'currency', 'valid_from'], rows);
  }

  /** Every stored rate, ordered by pack, currency and first day. */
  async allRates(): Promise<Array<{ packId: string; rate: ExchangeRate }>> {
    const rows = await this.db.selectFrom('exchange_rates').selectAll().orderBy('pack_id').orderBy('currency').orderBy('valid_from').execute();
    return rows.map((r) => ({
      packId: r.pack_id,
      rate: {
        currency: r.currency,
        perUnit: r.per_unit,
        validFrom: r.valid_from,
        ...(r.valid_until !== null ? { validUntil: r.valid_until } : {}),
        source: r.source,
      },
    }));
  }

  /** Store a national tariff's lines for a pack; a line with the same prefix and first day replaces the one stored. */
  async putTariff(packId: string, lines: TariffLine[], at: string): Promise<void> {
    const rows = lines.map((l) => ({
      pack_id: packId,
      hs: l.hs,
      valid_from: l.validFrom,
      valid_until: l.validUntil ?? null,
      description: l.description,
      duty: JSON.stringify(l.duty),
      source: l.source,
      imported_at: at,
    }));
    await upsert(this.db, 'tariff_lines', ['pack_id', 'hs', 'valid_from'], rows);
  }

  /** Every imported tariff line, ordered by pack, prefix and first day. */
  async allTariffs(): Promise<Array<{ packId: string; line: TariffLine }>> {
    const rows = await this.db.selectFrom('tariff_lines').selectAll().orderBy('pack_id').orderBy('hs').orderBy('valid_from').execute();
    return rows.map((r) => ({
      packId: r.pack_id,
      line: {
        hs: r.hs,
        description: r.description,
        duty: JSON.parse(r.duty) as TariffLine['duty'],
        validFrom: r.valid_from,
        ...(r.valid_until !== null ? { validUntil: r.valid_until } : {}),
        source: r.source,
      },
    }));
  }

  async putRegistrations(regs: Registration[], at: string): Promise<void> {
    const rows = regs.map((r) => ({
      scheme: r.scheme,
      number: r.number,
      valid_from: r.validFrom,
      valid_until: r.validUntil ?? null,
      name: r.name,
      imported_at: at,
    }));
    await upsert(this.db, 'registrations', ['scheme', 'number', 'valid_from'], rows);
  }

  async registrations(): Promise<Registration[]> {
    const rows = await this.db.selectFrom('registrations').selectAll().execute();
    return rows.map((r) => ({
      scheme: r.scheme,
      number: r.number,
      name: r.name,
      validFrom: r.valid_from,
      ...(r.valid_until !== null ? { validUntil: r.valid_until } : {}),
    }));
  }

  /** When reference data last changed: nodes reload theirs when this moves. */
  async referenceStamp(): Promise<string> {
    const latest = async (table: 'exchange_rates' | 'tariff_lines' | 'registrations') =>
      (await this.db.selectFrom(table).select((eb) => eb.fn.max('imported_at').as('at')).executeTakeFirst())?.at ?? '';
    const parties = (await this.db.selectFrom('parties').select((eb) => [eb.fn.max('created_at').as('at'), eb.fn.countAll().as('n')]).executeTakeFirst()) ?? { at: '', n: 0 };
    const [a, b, c] = await Promise.all([latest('exchange_rates'), latest('tariff_lines'), latest('registrations')]);
    return `${a}|${b}|${c}|${parties.at}|${parties.n}`;
  }

  /** Partners' collection arrangements (carrier collects on delivery, account-based importer). */
  async arrangements(): Promise<Map<string, 'carrier' | 'account'>> {
    const rows = await this.db.selectFrom('parties').select(['id', 'data']).execute();
    const out = new Map<string, 'carrier' | 'account'>();
    for (const r of rows) {
      const c = (JSON.parse(r.data) as { collection?: unknown }).collection;
      if (c === 'carrier' || c === 'account') out.set(r.id, c);
    }
    return out;
  }

  append(records: LedgerRecord[]): Promise<void> {
    return appendLedger(this.db, records);
  }

  /** Ledger transactions, oldest first, optionally for one consignment or one party, within [from, to). */
  ledger(filter: LedgerFilter = {}): Promise<LedgerRecord[]> {
    return readLedger(this.db, filter);
  }
}

export interface LedgerFilter {
  consignmentId?: string;
  partyId?: string;
  from?: string;
  to?: string;
}

/** Ledger transactions, oldest first (on the store's connection, or inside a transaction: StoreTx.ledger). */
export async function readLedger(db: Kysely<Database>, filter: LedgerFilter): Promise<LedgerRecord[]> {
  let q = db.selectFrom('ledger').selectAll();
  if (filter.consignmentId !== undefined) q = q.where('consignment_id', '=', filter.consignmentId);
  if (filter.partyId !== undefined) q = q.where('party_id', '=', filter.partyId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    consignmentId: r.consignment_id,
    partyId: r.party_id,
    model: r.model,
    memo: r.memo,
    postings: JSON.parse(r.postings) as LedgerRecord['postings'],
  }));
}
