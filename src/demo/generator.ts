// Synthetic but realistic e-commerce traffic into the EU (home DE): marketplaces, carriers, payment providers,
// several origins, all four IRG categories, some inconsistent filings, over a few weeks. Deterministic per seed.
import { s10CheckDigit } from '../domain/validation/index.ts';
import { dec, sum, toMinor } from '../domain/money/index.ts';
import type { Filing, ItemData, PartyData } from '../domain/model/index.ts';
import type { Role } from '../services/roles.ts';
import { seededRandom } from '../domain/random/index.ts';


export interface DemoParty {
  id: string;
  name: string;
  role: Role;
  /** Collection arrangement: the carrier collects duty and tax on delivery. */
  collection?: 'carrier';
}

export const demoParties: DemoParty[] = [
  { id: 'pty_shopnova', name: 'ShopNova Marketplace', role: 'platform' },
  { id: 'pty_bazaarly', name: 'Bazaarly', role: 'platform' },
  { id: 'pty_kiwicrafts', name: 'Kiwi Crafts Ltd (e-vendor)', role: 'platform' },
  { id: 'pty_payflow', name: 'PayFlow Payments', role: 'payment' },
  { id: 'pty_chinapost', name: 'China Post', role: 'carrier', collection: 'carrier' },
  { id: 'pty_swiftair', name: 'SwiftAir Express', role: 'carrier', collection: 'carrier' },
  { id: 'pty_royalmail', name: 'Royal Mail', role: 'carrier' },
  { id: 'pty_officer', name: 'Officer Anna Weber (Zollamt Frankfurt-Flughafen)', role: 'officer' },
  // Appended last: the traffic picks carriers by position above.
  { id: 'pty_productsafety', name: 'Market Surveillance Authority (product safety)', role: 'agency' },
];

interface Product {
  description: string;
  hsCode: string;
  min: number;
  max: number;
  massKg: number;
}

const CATALOGUE: Product[] = [
  { description: "Men's cotton T-shirt, knitted", hsCode: '610910', min: 5, max: 25, massKg: 0.18 },
  { description: 'Running shoes, textile uppers, rubber soles', hsCode: '640411', min: 30, max: 120, massKg: 0.7 },
  { description: 'Leather handbag', hsCode: '420221', min: 40, max: 300, massKg: 0.6 },
  { description: 'Lipstick', hsCode: '330410', min: 5, max: 30, massKg: 0.03 },
  { description: 'Plastic building blocks toy set', hsCode: '950300', min: 10, max: 60, massKg: 0.5 },
  { description: 'Bluetooth in-ear headphones', hsCode: '851830', min: 15, max: 150, massKg: 0.12 },
  { description: 'Smartphone, 128 GB', hsCode: '851713', min: 150, max: 900, massKg: 0.35 },
  { description: 'Sterling silver ring', hsCode: '711311', min: 20, max: 200, massKg: 0.02 },
  { description: 'Printed novel, paperback', hsCode: '490199', min: 8, max: 30, massKg: 0.4 },
  { description: 'Ceramic coffee mug', hsCode: '691200', min: 5, max: 20, massKg: 0.35 },
  { description: 'Yoga mat, foam', hsCode: '950691', min: 15, max: 50, massKg: 1.1 },
  { description: 'Wrist watch, quartz, steel case', hsCode: '910211', min: 30, max: 400, massKg: 0.15 },
  { description: 'Polyester dress, woven', hsCode: '620443', min: 12, max: 80, massKg: 0.3 },
  { description: 'Phone case, silicone', hsCode: '392690', min: 3, max: 15, massKg: 0.05 },
];

const ORIGINS = [
  { country: 'CN', city: 'Shenzhen', weight: 55 },
  { country: 'US', city: 'Newark', weight: 12 },
  { country: 'GB', city: 'Manchester', weight: 10 },
  { country: 'TR', city: 'Istanbul', weight: 8 },
  { country: 'IN', city: 'Jaipur', weight: 5 },
  { country: 'JP', city: 'Osaka', weight: 5 },
  { country: 'KR', city: 'Seoul', weight: 5 },
];

const FIRST = ['Anna', 'Lukas', 'Mia', 'Jonas', 'Lea', 'Finn', 'Emma', 'Paul', 'Sofia', 'Ben', 'Hannah', 'Elias', 'Lina', 'Noah', 'Marie'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf'];
const CITIES = [
  { city: 'Berlin', postcode: '10115' },
  { city: 'Hamburg', postcode: '20095' },
  { city: 'München', postcode: '80331' },
  { city: 'Köln', postcode: '50667' },
  { city: 'Frankfurt am Main', postcode: '60311' },
  { city: 'Leipzig', postcode: '04109' },
  { city: 'Stuttgart', postcode: '70173' },
];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schulstraße', 'Kirchplatz'];

export interface DemoStep {
  /** Simulated time at which the step happens. */
  at: Date;
  sender: string;
  filing?: Filing;
  /**
   * Work on the parcel with this tracking id: an officer releases it if it is held (`work`),
   * the carrier delivers it if it is released (`deliver`).
   */
  event?: { trackingId: string; type: 'work' | 'deliver' };
}

export interface TrafficOptions {
  parcels: number;
  seed?: number;
  /** The simulated present: arrivals and releases happen only before it. */
  now: Date;
  days?: number;
  /** Only single declarations (what the benchmark sends), no arrivals or officer events. */
  declarationsOnly?: boolean;
}

/** A random amount drawn as a number, written as a decimal string; all sums below are decimal. */
const money = (n: number): string => n.toFixed(2);
/** German standard VAT rate, charged at checkout under IOSS on the goods and the transport to the buyer (UStG §12(1), 19 % since 1 January 2007; transport in the taxable amount: VAT Directive 2006/112/EC Art. 78(b)). */
const VAT_DE = '0.19';

export function generateTraffic(options: TrafficOptions): DemoStep[] {
  // Seeded: the same seed gives the same traffic.
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const weighted = <T extends { weight: number }>(xs: readonly T[]): T => {
    let r = random() * xs.reduce((s, x) => s + x.weight, 0);
    for (const x of xs) if ((r -= x.weight) < 0) return x;
    return xs[xs.length - 1]!;
  };
  const between = (min: number, max: number) => min + random() * (max - min);
  const days = options.days ?? 21;
  const end = options.now.getTime();
  const start = end - days * 86_400_000;
  const steps: DemoStep[] = [];
  let serial = Math.floor(random() * 50_000_000);

  const s10 = (country: string): string => {
    const s = String(++serial % 100_000_000).padStart(8, '0');
    return `${random() < 0.5 ? 'LP' : 'RR'}${s}${s10CheckDigit(s)}${country}`;
  };
  const waybill = (): string => `${Math.floor(1_000_000_000 + random() * 8_999_999_999)}`;
  const person = (): PartyData => {
    const place = pick(CITIES);
    return {
      name: `${pick(FIRST)} ${pick(LAST)}`,
      address: { lines: [`${pick(STREETS)} ${1 + Math.floor(random() * 120)}`], city: place.city, postcode: place.postcode, country: 'DE' },
      email: `buyer${Math.floor(random() * 1e6)}@example.org`,
    };
  };

  for (let n = 0; n < options.parcels; n++) {
    const t0 = start + random() * (end - start - 3_600_000);
    const iso = (ms: number) => new Date(ms).toISOString();
    const origin = weighted(ORIGINS);
    const platform = pick(demoParties.filter((p) => p.role === 'platform'));
    const post = random() < 0.55;
    const carrier = post ? (origin.country === 'GB' ? demoParties[6]! : demoParties[4]!) : demoParties[5]!;
    const trackingId = post ? s10(origin.country) : waybill();
    const orderId = `${platform.id.slice(4, 8).toUpperCase()}-${100000 + n}`;
    const buyer = person();
    const seller: PartyData = {
      id: `S-${origin.country}-${Math.floor(random() * 500)}`,
      name: `${origin.city} ${pick(['Trading', 'Goods', 'Store', 'Outlet'])} Co.`,
      address: { lines: [`${1 + Math.floor(random() * 300)} Industrial Road`], city: origin.city, country: origin.country },
    };
    const scenario = random();
    const documents = scenario < 0.04;
    const gift = !documents && scenario < 0.09;
    // Mostly one or two articles, so most parcels are low value and some are above EUR 150 (category 4).
    const shape = random();
    const lines = documents ? 1 : shape < 0.7 ? 1 : shape < 0.95 ? 2 : 3 + Math.floor(random() * 2);
    const items: ItemData[] = [];
    for (let i = 0; i < lines; i++) {
      const p = documents ? { description: 'Business correspondence, printed documents', hsCode: '490199', min: 0, max: 0, massKg: 0.2 } : pick(CATALOGUE);
      // Prices lean to the cheap end of each range, as marketplace sales do.
      const price = gift ? between(5, 40) : p.min + (p.max - p.min) * random() ** 2;
      items.push({
        description: random() < 0.03 ? 'gift' : p.description,
        quantity: random() < 0.85 ? 1 : 2,
        unitPrice: money(documents ? 0 : price),
        ...(random() < 0.04 ? {} : { hsCode: p.hsCode }),
        originCountry: origin.country,
        netMassKg: p.massKg.toFixed(3),
      });
    }
    if (gift) items.splice(1);
    const currency = origin.country === 'US' && random() < 0.3 ? 'USD' : 'EUR';
    const shippingCost = money(between(0, 12));
    const goods = sum(items.map((i) => dec(i.unitPrice).times(i.quantity)));
    const net = sum(items.map((i) => dec(i.netMassKg!).times(i.quantity)));
    const inconsistent = random() < 0.08 ? pick(['payment', 'consignee', 'contents', 'mass'] as const) : null;
    const grossMassKg = (inconsistent === 'mass' ? net.times('0.4') : net.times('1.15').plus('0.05')).toFixed(3);
    const transport = {
      carrier: { name: carrier.name, address: { lines: ['Hub 1'], city: origin.city, country: origin.country } },
      service: (post ? 'post' : 'express') as 'post' | 'express',
      consignee: inconsistent === 'consignee' ? person() : buyer,
      grossMassKg,
      departureCountry: origin.country,
      destinationCountry: 'DE',
      expectedArrival: iso(t0 + between(2, 6) * 86_400_000),
      ...(post ? { masterId: `${origin.country}DEPOST${Math.floor((t0 - start) / 86_400_000)}` } : {}),
      ...(inconsistent === 'contents' ? { contents: items.map((i) => ({ ...i, quantity: i.quantity + 1 })) } : {}),
    };
    const sentAt = iso(t0);
    const base = {
      orderId,
      orderedAt: iso(t0 - between(1, 24) * 3_600_000),
      seller,
      buyer,
      items,
      currency,
      shippingCost,
      ...(documents ? { transaction: 'documents' as const } : gift ? { transaction: 'gift' as const } : {}),
      ...(!gift && !documents && currency === 'EUR' && goods.lte(150) && random() < 0.6
        ? { taxCollected: { scheme: 'IOSS' as const, registrationNumber: `IM276${String(1000000 + Math.floor(random() * 8999999))}`, amount: toMinor(goods.plus(shippingCost).times(VAT_DE), 2), currency: 'EUR' } }
        : {}),
    };
    const paid = toMinor(goods.plus(shippingCost).plus(inconsistent === 'payment' ? 35 : 0), 2);
    const split = !options.declarationsOnly && !gift && !documents && random() < 0.3;
    if (split) {
      steps.push({ at: new Date(t0), sender: platform.id, filing: { filingId: `${orderId}-O`, kind: 'order', sentAt, platform: { name: platform.name, address: { lines: ['1 Platform Way'], city: 'Dublin', country: 'IE' } }, ...base } as Filing });
      steps.push({
        at: new Date(t0 + 60_000),
        sender: 'pty_payflow',
        filing: { filingId: `PF-${orderId}`, kind: 'payment', sentAt: iso(t0 + 60_000), orderId, transactionId: `TX${n}`, provider: 'PayFlow', method: 'card', amount: paid, currency, paidAt: base.orderedAt },
      });
      steps.push({
        at: new Date(t0 + 3_600_000),
        sender: carrier.id,
        filing: { filingId: `${trackingId}-L`, kind: 'logistics', sentAt: iso(t0 + 3_600_000), trackingId, orderId, ...transport },
      });
    } else {
      const sender = gift || documents ? carrier.id : platform.id;
      steps.push({
        at: new Date(t0),
        sender,
        filing: {
          filingId: `${trackingId}-D`,
          kind: 'declaration',
          sentAt,
          trackingId,
          ...base,
          ...(gift || documents ? {} : { platform: { name: platform.name, address: { lines: ['1 Platform Way'], city: 'Dublin', country: 'IE' } } }),
          ...(options.declarationsOnly ? {} : { payment: { transactionId: `TX${n}`, amount: paid, currency, paidAt: base.orderedAt, method: 'card' as const } }),
          transport,
        } as Filing,
      });
    }
    if (options.declarationsOnly) continue;
    const arrival = Date.parse(transport.expectedArrival);
    if (arrival < end) {
      steps.push({
        at: new Date(arrival),
        sender: carrier.id,
        filing: { filingId: `${trackingId}-A`, kind: 'arrival', sentAt: iso(arrival), trackingId, arrivedAt: iso(arrival), location: post ? 'DEFRAA (Frankfurt IMPC)' : 'DELEJ (Leipzig hub)' },
      });
      // Held parcels are usually worked within a day or two.
      const worked = arrival + between(4, 40) * 3_600_000;
      if (worked < end && random() < 0.85) steps.push({ at: new Date(worked), sender: 'pty_officer', event: { trackingId, type: 'work' } });
      const delivered = worked + between(24, 72) * 3_600_000;
      if (delivered < end) steps.push({ at: new Date(delivered), sender: carrier.id, event: { trackingId, type: 'deliver' } });
    }
  }
  if (options.declarationsOnly) return steps;
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}
