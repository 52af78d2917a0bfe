// The shapes of a partner's data-quality and timeliness figures (WCO Framework, standard 11).

/** Refused filings that had one error: its code and path as the sender was told (array indices written `*`). */
export interface RejectionCount {
  code: string;
  path: string;
  count: number;
}

/** Which of a partner's data is measured: order data (orders and declarations) or a carrier's logistics data. */
export type AdvanceData = 'order' | 'logistics';

/** How far ahead of one parcel's arrival a party's first data of a kind reached Clearway. */
export interface Lead {
  /** When Clearway received that first filing (not the sender's `sentAt`, which the sender writes). */
  receivedAt: string;
  /** Hours from then to the arrival, two decimals; negative when the data came after it. */
  hours: number;
  service: string | undefined;
  /** The pack's deadline for the parcel's service, when the service and a deadline for it are known. */
  deadlineHours: number | undefined;
  /** Received before the deadline (or, without a deadline, before the arrival). */
  inTime: boolean;
}

/** Timeliness over the parcels measured: those with an arrival (actual, else expected). */
export interface Timeliness {
  consignments: number;
  beforeDeadline: number;
  /** beforeDeadline ÷ consignments, four decimals; null when none was measured. */
  beforeDeadlineShare: number | null;
  /** Data received only after the parcel's arrival. */
  afterArrival: number;
  /** Hours between the data and the arrival: median and 10th/90th percentiles; null when none was measured. */
  hoursBeforeArrival: { p10: number; median: number; p90: number } | null;
}

export interface PartnerQuality {
  filings: {
    /** Filings stored (new ones; a repeat of an earlier filing is not counted again). */
    accepted: number;
    acceptedByKind: Record<string, number>;
    /** Filings refused (400, 403, 409). */
    rejected: number;
    /** rejected ÷ (accepted + rejected), four decimals; null without any filing. */
    rejectionRate: number | null;
    /** Per error, the refused filings that had it (a filing may have several), most frequent first. */
    rejectedBy: RejectionCount[];
  };
  orderData: Timeliness;
  logisticsData: Timeliness;
}
