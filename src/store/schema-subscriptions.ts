// Table shapes of event subscriptions (webhooks), part of the store's Database (schema.ts).

/** A party's subscription: events after `cursor_seq` that it may see go to `url`, signed with `secret`. */
export interface SubscriptionsTable {
  id: string;
  party_id: string;
  url: string;
  /** The HMAC key of the signatures: kept in clear, since Clearway signs with it. */
  secret: string;
  /** JSON: the event types wanted, or null for every type. */
  event_types: string | null;
  /** Every event up to this seq is done (delivered, or not for this subscription). */
  cursor_seq: number;
  /** active | paused */
  status: string;
  created_at: string;
  /** The node delivering this subscription, until `lease_until` (ISO time); another node may take it after. */
  lease_owner: string | null;
  lease_until: string | null;
}

/** One event sent to one subscription (a replay sends it again as a new delivery); at most one undelivered per subscription. */
export interface DeliveriesTable {
  /** Sent as Clearway-Delivery: the same on every attempt, so a receiver can drop a repeat. */
  id: string;
  subscription_id: string;
  seq: number;
  attempts: number;
  /** HTTP status of the last attempt; null when there was no answer (refused, dropped, timed out). */
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
  /** When a 2xx answered; null while the delivery is under way. */
  delivered_at: string | null;
}

export interface SubscriptionTables {
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
}
