// The benefits an authorised economic operator gets (WCO Framework, standard 6), configurable by the administration.

export interface AeoBenefits {
  /** The trusted-trader indicator's score: negative, it scales the combined risk score by (1 + riskWeight). */
  riskWeight: number;
  /** 0..1: multiplies the chance that an AEO's parcel is drawn for a random check. */
  randomCheckFactor: number;
  /** An AEO platform or seller pays duty and tax on account (periodic settlement) instead of its buyers before release. */
  accountPayment: boolean;
}

export const DEFAULT_BENEFITS: Readonly<AeoBenefits> = Object.freeze({
  // Halves the score: an audited operator's data is more often right, yet strong evidence against a parcel still shows.
  riskWeight: -0.5,
  // Half as many random checks: still enough of them to keep an unbiased measure of how often an AEO's parcels are wrong.
  randomCheckFactor: 0.5,
  // Account-based payment is the benefit the Framework names for trusted e-commerce operators.
  accountPayment: true,
});

/** Every problem of a benefit setting at once, each naming its field. */
export function benefitProblems(b: AeoBenefits): Array<{ path: string; code: string; message: string }> {
  const out: Array<{ path: string; code: string; message: string }> = [];
  if (!(Number.isFinite(b.riskWeight) && b.riskWeight >= -1 && b.riskWeight <= 0)) {
    out.push({ path: '/riskWeight', code: 'out-of-range', message: 'between -1 and 0: a benefit lowers the risk score, never raises it' });
  }
  if (!(Number.isFinite(b.randomCheckFactor) && b.randomCheckFactor >= 0 && b.randomCheckFactor <= 1)) {
    out.push({ path: '/randomCheckFactor', code: 'out-of-range', message: 'between 0 and 1: it multiplies the chance of a random check' });
  }
  if (typeof b.accountPayment !== 'boolean') out.push({ path: '/accountPayment', code: 'wrong-type', message: 'true or false' });
  return out;
}
