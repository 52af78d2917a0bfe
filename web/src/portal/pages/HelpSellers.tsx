// How-to for marketplaces and online sellers (standard 13): advance data, collection models, the trusted-trader
// programme and returns, with the home jurisdiction's deadlines and schemes from its pack.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePageTitle } from '../page.ts';
import { Deadlines, FlatDuties, Schemes, WithHomePack } from '../help/facts.tsx';

export function HelpSellers(): ReactNode {
  usePageTitle('Selling to buyers here');
  return (
    <article className="narrow help">
      <h1>Selling to buyers here</h1>
      <p>
        For marketplaces, online sellers and the carriers that ship for them. Customs clears each parcel from the data you send before it arrives:
        complete data, sent on time, lets most parcels be released as soon as they arrive.
      </p>
      <nav aria-label="On this page" className="toc">
        <ul>
          <li><a href="#advance-data">Sending advance data</a></li>
          <li><a href="#collection">Collecting duty and tax</a></li>
          <li><a href="#trusted-traders">Trusted-trader programme</a></li>
          <li><a href="#returns">Returns</a></li>
          <li><a href="#restricted">Controlled goods</a></li>
        </ul>
      </nav>

      <h2 id="advance-data">Sending advance data</h2>
      <p>Each party sends what it knows, through the API or in files:</p>
      <ul>
        <li>
          <strong>The seller or marketplace</strong>: the order — each item’s description, HS code, quantity, price and country of origin; the
          buyer and the delivery address; shipping and insurance charged; and any tax collected at checkout.
        </li>
        <li>
          <strong>The payment provider</strong>: the payment — amount, payer and payee.
        </li>
        <li>
          <strong>The carrier</strong>: the tracking number, weight, route and arrival.
        </li>
      </ul>
      <p>Customs joins them by tracking number, order number and payment reference. Data that is missing, late, or that disagrees between parties sends a parcel to a check.</p>
      <h3>Deadlines</h3>
      <WithHomePack>{(pack) => <Deadlines pack={pack} />}</WithHomePack>
      <h3>Good data</h3>
      <ul>
        <li>Describe goods as a buyer would see them (“men’s cotton T-shirt”), not “gift”, “sample” or “parts”.</li>
        <li>Give the HS code of every item: without it, duty cannot be worked out.</li>
        <li>Declare the price the buyer paid.</li>
      </ul>
      <p>
        Every partner can read feedback on its own data: how many filings were refused and why, and how much of its data came before the deadline.
        The <a href="/docs">API documentation</a> describes the filings, the batch upload and this feedback.
      </p>

      <h2 id="collection">Collecting duty and tax</h2>
      <p>Who collects what is due on a parcel:</p>
      <ul>
        <li>
          <strong>You, at checkout</strong>, when you are registered under a scheme: give the scheme, your registration number and the amount
          collected in the order data. Customs checks the number and the value limit; a parcel it cannot recognise pays the tax at the border, and
          collecting less than is due shows in customs’ reconciliation.
        </li>
        <li>
          <strong>The carrier, on delivery</strong>, when it has an arrangement with customs to collect: the parcel is released at once and the
          carrier pays customs from its account.
        </li>
        <li>
          <strong>You, on account</strong>, when customs lets you settle periodically: parcels are released at once and the amounts add up on your
          account.
        </li>
        <li>
          <strong>The buyer, before release</strong>, otherwise: the parcel waits in “payment due” until the buyer has paid.
        </li>
      </ul>
      <WithHomePack>
        {(pack) => (
          <>
            <h3>Schemes in force</h3>
            <Schemes pack={pack} none="No scheme for collecting the tax at checkout is in force here." />
            <FlatDuties pack={pack} />
          </>
        )}
      </WithHomePack>
      <p>
        Your buyers can check the amounts with the <Link href="/estimate">estimator</Link>, which applies the same rules.
      </p>

      <h2 id="trusted-traders">Trusted-trader programme (AEO)</h2>
      <p>
        Marketplaces, sellers and carriers that customs has authorised as authorised economic operators (AEO) — or whose authorisation from another
        country is recognised under a mutual recognition arrangement — get benefits for what they declare in that role:
      </p>
      <ul>
        <li>fewer checks: a lower risk score and fewer random checks;</li>
        <li>for marketplaces and sellers, paying duty and tax on account instead of each buyer paying before release.</li>
      </ul>
      <p>
        The administration sets the size of these benefits. A carrier’s authorisation does not vouch for the goods a seller declares. Ask customs
        how to apply.
      </p>

      <h2 id="returns">Returns</h2>
      <ul>
        <li>When a buyer sends goods back, file a return with the items, quantities and reason (or the carrier records the return of the whole parcel).</li>
        <li>
          When the goods have left the country, send the proof of export (its reference and date). The duty and tax on the returned items are then
          refunded to whoever paid them — the buyer, the carrier or you. Fees are not refunded.
        </li>
      </ul>

      <h2 id="restricted">Controlled goods</h2>
      <p>
        Parcels with goods that another authority controls are passed to it from your first filing, so it can look before the parcel arrives. See
        which goods in the <Link href="/guide">restricted goods guide</Link>.
      </p>
    </article>
  );
}
