// Table shapes of partner data-quality feedback (migration 008_quality).

/**
 * Refused filings of a party on a day (UTC), per error: `code` and `path` as the sender was told, with array indices
 * written `*` (an HS code refused on any item is one row). A filing counts once per distinct error; the row with code
 * and path `''` counts the refused filings themselves (a filing may have several errors). Rows grow by increments.
 */
export interface FilingRejectionsTable {
  party_id: string;
  day: string;
  code: string;
  path: string;
  count: number;
}
