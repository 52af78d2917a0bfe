// The consignment as GET /v1/consignments/{id} returns it (the parts the console shows; an agency sees fewer).

export interface FieldSource {
  value: unknown;
  source: string;
  sender: string;
  sentAt: string;
  rank?: number;
}

export interface AssessmentLine {
  type: string;
  code: string;
  /** 0-based index of the item; null for a line on the whole parcel. */
  item: number | null;
  basis: string;
  rate: string;
  amount: string;
  dueAtBorder: boolean;
  source?: string;
  explanation?: string;
}

export interface ConsignmentView {
  id: string;
  trackingId: string | null;
  orderId?: string | null;
  status: string;
  category: number | null;
  lane: string;
  arrivalRecordedAt: string | null;
  heldFor?: string | null;
  filings?: Array<{ filingId: string; kind: string; sender: string; sentAt: string; receivedAt: string }>;
  findings?: Array<{ code: string; severity: string; message: string; sources?: string[] }>;
  categoryDecision?: { category: number; reason: string; intrinsicValue?: string; currency?: string; source?: string } | null;
  assessment?: {
    currency: string;
    intrinsicValue: string;
    customsValue: string;
    dutyTotal: string;
    taxTotal: string;
    feesTotal: string;
    total: string;
    alreadyCollected: string;
    dueAtBorder: string;
    collectedBy: string | null;
    scheme: string | null;
    packVersion: string;
    lines: AssessmentLine[];
  } | null;
  liability?: { model?: string; debtor?: string } | null;
  risk?: {
    score: number;
    reasons: Array<{ code: string; message: string; weight?: number }>;
    selectedBy: string;
    provisional?: boolean;
    decidedAt?: string;
  } | null;
  referrals?: Array<{ agency: string; status: string; reason?: string; decidedAt?: string; note?: string }>;
  fields?: Record<string, FieldSource>;
  events?: Array<{ seq: number; type: string; at: string; actor: string; data: Record<string, unknown> }>;
}
