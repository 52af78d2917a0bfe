// Revenue persistence: the reference data the administration loads (exchange rates, tariff lines, scheme registries) and the ledger.
import type { Kysely } from 'kysely';
import type { ExchangeRate, TariffLine } from '../domain/revenue/index.ts';
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

const CHUNK = 500;

async function inChunks<T>(rows: T[], write: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

export async function appendLedger(db: Kysely<Database>, records: LedgerRecord[]): Promise<void> {
  await inChunks(records, (part) =>
    db
      .insertInto('ledger')
      .values(
        part.map((t) => ({
          id: t.id,
          at: t.at,
          kind: t.kind,
          consignment_id: t.consignmentId,
          party_id: t.partyId,
          model: t.model,
          memo: t.memo,
          postings: JSON.stringify(t.postings),
        })),
      )
      .execute(),
  );
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
    await this.db.transaction().execute((trx) =>
      inChunks(rows, (part) =>
        trx
          .insertInto('exchange_rates')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['pack_id', 'currency', 'valid_from']).doUpdateSet((eb) => ({
              valid_until: eb.ref('excluded.valid_until'),
              per_unit: eb.ref('excluded.per_unit'),
              source: eb.ref('excluded.source'),
              imported_at: eb.ref('excluded.imported_at'),
            })),
          )
          .execute(),
      ),
    );
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
    await this.db.transaction().execute((trx) =>
      inChunks(rows, (part) =>
        trx
          .insertInto('tariff_lines')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['pack_id', 'hs', 'valid_from']).doUpdateSet((eb) => ({
              valid_until: eb.ref('excluded.valid_until'),
              description: eb.ref('excluded.description'),
              duty: eb.ref('excluded.duty'),
              source: eb.ref('excluded.source'),
              imported_at: eb.ref('excluded.imported_at'),
            })),
          )
          .execute(),
      ),
    );
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
    await this.db.transaction().execute((trx) =>
      inChunks(rows, (part) =>
        trx
          .insertInto('registrations')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['scheme', 'number', 'valid_from']).doUpdateSet((eb) => ({
              valid_until: eb.ref('excluded.valid_until'),
              name: eb.ref('excluded.name'),
              imported_at: eb.ref('excluded.imported_at'),
            })),
          )
          .execute(),
      ),
    );
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
  async ledger(filter: { consignmentId?: string; partyId?: string; from?: string; to?: string } = {}): Promise<LedgerRecord[]> {
    let q = this.db.selectFrom('ledger').selectAll();
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
}
