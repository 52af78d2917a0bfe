// The consignment as GET /v1/consignments/{id} returns it (the parts the console shows; an agency sees fewer).
// The assessment's types are the API schema's own (a type-only import: nothing of the server is bundled).
import type { Assessment } from '../../../../src/domain/model/consignment.ts';

export interface FieldSource {
  value: unknown;
  source: string;
  sender: string;
  sentAt: string;
  rank?: number;
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
  assessment?: Assessment | null;
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
