// The webhook dispatcher of one node: a loop that leases subscriptions, reads the events after each one's cursor, and
// POSTs them one at a time, in seq order, signed, retrying a failed one with backoff before any later one.
import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { hostname } from 'node:os';
import type { Store } from '../store/index.ts';
import type { DeliveryRow, LoggedEvent, SubscriptionRow } from '../store/subscriptions.ts';
import { uuidv7 } from './ids.ts';
import { eventTypesOf, payloadFor, receivesFrom, type Receiver } from './subscriptions.ts';
import { isRole, readsAll } from './roles.ts';
import { PERSONAL_DATA_READ } from '../domain/privacy/index.ts';

export interface WebhookSettings {
  /** How often the node looks for subscriptions with events to deliver or retries due. */
  pollMs: number;
  /** Wait after the first failed attempt; doubled after each further one, up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Limit on one attempt, from connecting to the response's status line. */
  timeoutMs: number;
  /** How long a node holds a subscription after it last worked on it; another node takes it over after that. */
  leaseMs: number;
  /** Subscriptions one node delivers to at the same time (each one's events are sent one after the other). */
  concurrency: number;
  /** Whether URLs may point at loopback, private, link-local or other non-public addresses (SSRF). */
  allowPrivateAddresses: boolean;
  /** How long answered deliveries are kept (the undelivered ones stay). */
  retentionMs: number;
  log: { warn(obj: object, msg: string): void };
}

export const DEFAULT_WEBHOOKS: WebhookSettings = {
  pollMs: 1_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 10 * 60_000,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  concurrency: 16,
  allowPrivateAddresses: false,
  retentionMs: 7 * 86_400_000,
  log: { warn: (obj, msg) => console.warn(`webhooks: ${msg}`, obj) },
};

/**
 * CLEARWAY_WEBHOOK_POLL_MS, _BACKOFF_MS (first retry), _BACKOFF_MAX_MS, _TIMEOUT_MS, _CONCURRENCY, _RETENTION_DAYS,
 * CLEARWAY_WEBHOOK_ALLOW_PRIVATE=1 (receivers on loopback or a private network).
 */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv): Partial<WebhookSettings> {
  const out: Partial<WebhookSettings> = {};
  const int = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got ${raw}`);
    return n;
  };
  const set = <K extends keyof WebhookSettings>(key: K, v: WebhookSettings[K] | undefined) => {
    if (v !== undefined) out[key] = v;
  };
  set('pollMs', int('CLEARWAY_WEBHOOK_POLL_MS', 10));
  set('backoffBaseMs', int('CLEARWAY_WEBHOOK_BACKOFF_MS', 10));
  set('backoffMaxMs', int('CLEARWAY_WEBHOOK_BACKOFF_MAX_MS', 10));
  set('timeoutMs', int('CLEARWAY_WEBHOOK_TIMEOUT_MS', 100));
  set('concurrency', int('CLEARWAY_WEBHOOK_CONCURRENCY', 1));
  const days = int('CLEARWAY_WEBHOOK_RETENTION_DAYS', 1);
  if (days !== undefined) out.retentionMs = days * 86_400_000;
  if (env.CLEARWAY_WEBHOOK_ALLOW_PRIVATE !== undefined && env.CLEARWAY_WEBHOOK_ALLOW_PRIVATE !== '') {
    out.allowPrivateAddresses = env.CLEARWAY_WEBHOOK_ALLOW_PRIVATE === '1';
  }
  return out;
}

/** The Clearway-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>`. */
export function signature(secret: string, body: string, t: number): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Wait before the next attempt after `failures` failed ones: base, 2×base, 4×base … capped. */
export const backoff = (failures: number, s: Pick<WebhookSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number =>
  Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));

/** Addresses a webhook may not reach unless allowed: this host, private networks, link-local (cloud metadata), multicast… */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
// NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16) carry an IPv4 address that may be a private one.
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16]] as const) {
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');
}

/** Whether an IP address is not a public one (IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry). */
export function isNonPublicAddress(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(a);
  if (mapped) {
    const v4 = mapped[1] ?? [parseInt(mapped[2]!, 16) >> 8, parseInt(mapped[2]!, 16) & 255, parseInt(mapped[3]!, 16) >> 8, parseInt(mapped[3]!, 16) & 255].join('.');
    return NOT_PUBLIC.check(v4, 'ipv4');
  }
  const family = isIP(a);
  return family === 0 ? false : NOT_PUBLIC.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

/** Resolves a host name and refuses it when any of its addresses is not public: checked when connecting, so a DNS answer cannot change between the check and the use. */
export const publicOnlyLookup: LookupFunction = (host, options, callback) => {
  dnsLookup(host, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    const cb = callback as (e: NodeJS.ErrnoException | null, a?: string | LookupAddress[], f?: number) => void;
    if (err) return cb(err);
    const blocked = addresses.find((a) => isNonPublicAddress(a.address));
    if (blocked || addresses.length === 0) {
      return cb(Object.assign(new Error(`${host} resolves to ${blocked?.address ?? 'nothing'}, not a public address`), { code: 'EADDRNOTPUBLIC' }));
    }
    if ((options as { all?: boolean }).all) cb(null, addresses);
    else cb(null, addresses[0]!.address, addresses[0]!.family);
  });
};

type Attempt = { status: number } | { status: null; error: string };

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/**
 * One POST: the status, or why there was none. The response body is drained and ignored; redirects are not followed.
 * An attempt never outlasts half the lease, so no other node can take the subscription over while it is under way.
 */
function post(url: URL, body: string, headers: Record<string, string>, settings: WebhookSettings): Promise<Attempt> {
  const client = url.protocol === 'https:' ? https : http;
  const timeoutMs = Math.min(settings.timeoutMs, Math.floor(settings.leaseMs / 2));
  return new Promise((resolve) => {
    const req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: agents[url.protocol as 'http:' | 'https:'],
      signal: AbortSignal.timeout(timeoutMs),
      ...(settings.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
    });
    req.on('response', (res) => {
      res.on('error', () => {});
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      resolve({ status: null, error: e.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : `${e.code ?? e.name}: ${e.message}` });
    });
    req.end(body);
  });
}

/** Events read from the log at a time, per subscription. */
const PAGE = 500;
/** Deliveries one worker makes before it lets other subscriptions have its place (it comes back at the next pass). */
const TURN = 100;
/** How often a node forgets old answered deliveries. */
const PRUNE_EVERY_MS = 3_600_000;

interface Work {
  receiver: Receiver;
  /** From which seq the receiver gets each consignment's events (cleared whenever a new page is read). */
  from: Map<string, number | undefined>;
  page?: { after: number; until: number; events: LoggedEvent[] };
}

export class Dispatcher {
  settings: WebhookSettings = { ...DEFAULT_WEBHOOKS };
  /** This node's name in the leases. */
  readonly node: string;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopping = true;
  private readonly workers = new Map<string, Promise<void>>();
  private prunedAt = 0;
  private readonly onAttempt: (outcome: 'delivered' | 'failed') => void;

  constructor(
    private readonly store: Store,
    /** `onAttempt` hears the outcome of every POST (the node's metrics). */
    options: { node?: string; now?: () => number; onAttempt?: (outcome: 'delivered' | 'failed') => void } = {},
  ) {
    this.node = options.node ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.now = options.now ?? Date.now;
    this.onAttempt = options.onAttempt ?? (() => {});
  }

  get running(): boolean {
    return !this.stopping;
  }

  configure(settings: Partial<WebhookSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  /** Start the loop (idempotent); settings given here replace the current ones. */
  start(settings: Partial<WebhookSettings> = {}): void {
    this.configure(settings);
    if (!this.stopping) return;
    this.stopping = false;
    const loop = () => {
      this.ticking = this.tick()
        .catch((e: unknown) => this.settings.log.warn({ err: e }, 'a dispatch pass failed'))
        .finally(() => {
          this.ticking = undefined;
          if (!this.stopping) this.timer = setTimeout(loop, this.settings.pollMs).unref();
        });
    };
    this.timer = setTimeout(loop, 0).unref();
  }

  /**
   * Stop the loop: attempts under way finish (at most timeoutMs; cutting one off could make the next node send it
   * again), no new one starts, and this node's leases are given up.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all(this.workers.values());
    await this.store.subscriptions.releaseLeases(this.node).catch(() => {});
  }

  /** Whether a URL may be subscribed: http or https, no credentials, and (unless allowed) not a non-public address. */
  checkUrl(raw: string): { ok: true; url: string } | { ok: false; code: string; message: string } {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, code: 'bad-url', message: 'not an absolute URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, code: 'bad-url', message: `only http and https URLs are accepted, not ${url.protocol}` };
    if (url.username || url.password) return { ok: false, code: 'bad-url', message: 'the URL may not carry credentials: deliveries are signed instead' };
    if (url.hash) return { ok: false, code: 'bad-url', message: 'the URL may not have a #fragment' };
    // "localhost." is localhost: a trailing dot only says the name is complete.
    const host = url.hostname.replace(/\.$/, '');
    if (!this.settings.allowPrivateAddresses && (host === 'localhost' || host.endsWith('.localhost') || isNonPublicAddress(host))) {
      return { ok: false, code: 'address-not-allowed', message: `${url.hostname} is not a public address (CLEARWAY_WEBHOOK_ALLOW_PRIVATE=1 allows it)` };
    }
    return { ok: true, url: url.toString() };
  }

  /** One pass: lease the subscriptions with work that no other node holds, and start a worker for each. */
  async tick(): Promise<void> {
    const s = this.settings;
    const room = s.concurrency - this.workers.size;
    if (room <= 0) return;
    const head = await this.store.chainHead();
    const rows = await this.store.subscriptions.candidates(this.node, this.iso(), head.seq, room + this.workers.size);
    for (const row of rows) {
      if (this.stopping || this.workers.size >= s.concurrency) break;
      if (this.workers.has(row.id)) continue;
      const work = this.work(row)
        .catch((e: unknown) => s.log.warn({ err: e, subscription: row.id }, 'delivering a subscription failed'))
        .finally(() => this.workers.delete(row.id));
      this.workers.set(row.id, work);
    }
    if (this.now() - this.prunedAt > PRUNE_EVERY_MS) {
      this.prunedAt = this.now();
      await this.store.subscriptions.prune(new Date(this.now() - s.retentionMs).toISOString());
    }
  }

  /** Wait until no worker of this node is busy (tests). */
  async idle(): Promise<void> {
    await this.ticking;
    await Promise.all(this.workers.values());
  }

  /** Deliver one subscription's events in order until it is caught up, waits for a retry, or is taken away. */
  private async work(first: SubscriptionRow): Promise<void> {
    const party = await this.store.getParty(first.party_id);
    if (!party || !isRole(party.role)) return;
    const work: Work = { receiver: { partyId: party.id, role: party.role }, from: new Map() };
    const subs = this.store.subscriptions;
    for (let turn = 0; turn < TURN && !this.stopping; turn++) {
      // The lease is renewed before every attempt, so a node holds it for at least leaseMs after starting one.
      if (!(await subs.lease(first.id, this.node, this.iso(), this.iso(this.settings.leaseMs)))) return;
      const sub = await subs.get(first.id);
      if (!sub) return;
      let pending = await subs.pending(sub.id);
      let event: LoggedEvent | undefined;
      if (pending) {
        if (pending.next_attempt_at > this.iso()) return;
        event = await subs.eventAt(pending.seq);
      } else {
        event = await this.next(sub, work);
        if (!event) return;
        pending = await subs.startDelivery(sub.id, sub.cursor_seq, event.seq, uuidv7(), this.iso());
        // The cursor moved meanwhile (a replay) or another node started one: look again.
        if (!pending) continue;
      }
      if (!event) throw new Error(`subscription ${sub.id}: event ${pending.seq} is not in the log`);
      if (!(await this.attempt(sub, pending, event, work))) return;
    }
  }

  /** The next event after the cursor that this subscription receives; the cursor passes over those it does not. */
  private async next(sub: SubscriptionRow, work: Work): Promise<LoggedEvent | undefined> {
    const subs = this.store.subscriptions;
    const types = eventTypesOf(sub);
    let cursor = sub.cursor_seq;
    for (;;) {
      if (!work.page || work.page.after !== cursor || work.page.until <= cursor) {
        const head = (await this.store.chainHead()).seq;
        if (head <= cursor) return undefined;
        const events = await subs.eventsAfter(cursor, head, PAGE, types);
        work.page = { after: cursor, until: events.length === PAGE ? events[events.length - 1]!.seq : head, events };
        work.from.clear();
      }
      const page = work.page;
      for (let i = 0; i < page.events.length; i++) {
        const e = page.events[i]!;
        if (await this.receives(work, e)) {
          work.page = { after: e.seq, until: page.until, events: page.events.slice(i + 1) };
          return e;
        }
      }
      if (!(await subs.advance(sub.id, cursor, page.until))) return undefined;
      cursor = page.until;
    }
  }

  private async receives(work: Work, e: LoggedEvent): Promise<boolean> {
    // Who read a parcel's personal data is customs' audit trail, not news for a partner or an agency.
    if (e.type === PERSONAL_DATA_READ && !readsAll(work.receiver.role)) return false;
    if (!work.from.has(e.consignmentId)) work.from.set(e.consignmentId, await receivesFrom(this.store, work.receiver, e.consignmentId));
    const from = work.from.get(e.consignmentId);
    return from !== undefined && e.seq >= from;
  }

  /** One POST of a delivery; true when it was answered with a 2xx (the cursor has passed the event). */
  private async attempt(sub: SubscriptionRow, d: DeliveryRow, e: LoggedEvent, work: Work): Promise<boolean> {
    const parcel = await this.store.subscriptions.parcelOf(e.consignmentId);
    const body = JSON.stringify(payloadFor(work.receiver, { deliveryId: d.id, subscriptionId: sub.id }, e, parcel?.trackingId ?? null));
    const t = Math.floor(this.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Clearway-Webhooks/1',
      'clearway-delivery': d.id,
      'clearway-signature': signature(sub.secret, body, t),
    };
    const url = this.checkUrl(sub.url);
    const result: Attempt = url.ok ? await post(new URL(url.url), body, headers, this.settings) : { status: null, error: url.message };
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      this.onAttempt('delivered');
      return this.store.subscriptions.delivered(d, result.status, this.iso());
    }
    this.onAttempt('failed');
    const error = result.status === null ? result.error : `HTTP ${result.status}`;
    await this.store.subscriptions.failed(d, result.status, error, this.iso(backoff(d.attempts + 1, this.settings)));
    return false;
  }

  private iso(plusMs = 0): string {
    return new Date(this.now() + plusMs).toISOString();
  }
}
