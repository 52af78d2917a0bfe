// Table shapes of the trusted-trader (AEO) registry (migration 007_trusted).

/** Each authorisation as it stands now (revoked ones included: a revocation is a status, not a deletion). */
export interface TrustedTradersTable {
  /** The authorisation number. */
  id: string;
  /** 1 when first saved, one more at every change. */
  version: number;
  /** JSON: the AeoAuthorisation. */
  body: string;
  updated_by: string;
  updated_at: string;
}

/** Every version of every authorisation, as saved: who changed what, and when. */
export interface TrustedTraderVersionsTable {
  id: string;
  version: number;
  body: string;
  updated_by: string;
  updated_at: string;
}
