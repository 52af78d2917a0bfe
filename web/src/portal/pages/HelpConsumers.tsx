// How-to for consumers (standard 13): what buying from abroad costs and when, small parcels, following and paying,
// returns; the figures are the home jurisdiction's, from its pack, with their sources.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePageTitle } from '../page.ts';
import { FlatDuties, Fees, HomeTaxRates, Schemes, Thresholds, Valuation, WithHomePack } from '../help/facts.tsx';

export function HelpConsumers(): ReactNode {
  usePageTitle('Buying from abroad');
  return (
    <article className="narrow help">
      <h1>Buying from abroad</h1>
      <p>
        When you order goods online from another country, they are imported: customs checks the parcel, and duty, tax and fees may be due. Here is
        what you pay, when, and what to do.
      </p>
      <nav aria-label="On this page" className="toc">
        <ul>
          <li><a href="#what-you-pay">What you pay</a></li>
          <li><a href="#when">When you pay</a></li>
          <li><a href="#small-parcels">Small parcels</a></li>
          <li><a href="#gifts">Gifts</a></li>
          <li><a href="#following">Following your parcel</a></li>
          <li><a href="#paying">Paying what is due</a></li>
          <li><a href="#returns">Returns and refunds</a></li>
        </ul>
      </nav>

      <h2 id="what-you-pay">What you pay</h2>
      <ul>
        <li>
          <strong>Customs duty</strong>: a share of the customs value, set by the tariff for the kind of goods. Each kind has a code, the HS code.
        </li>
        <li>
          <strong>Import tax</strong> (VAT or GST): a share of the customs value, usually with the duty added.
        </li>
        <li>
          <strong>Fees</strong>, in some cases.
        </li>
      </ul>
      <WithHomePack>
        {(pack) => (
          <>
            <Valuation pack={pack} />
            <h3>Tax rates</h3>
            <HomeTaxRates pack={pack} />
            <h3>Fees</h3>
            <Fees pack={pack} none="No fee on imported parcels is set." />
          </>
        )}
      </WithHomePack>
      <p>
        <Link href="/estimate">Estimate your basket</Link> to see every amount, its rate and the law behind it.
      </p>

      <h2 id="when">When you pay</h2>
      <ul>
        <li>
          <strong>At checkout</strong>, when the seller or the marketplace is registered to collect the tax with the price. Customs then does not ask
          for it again.
        </li>
        <li>
          <strong>When the parcel arrives</strong>, in every other case: the carrier collects it from you on delivery, or customs keeps the parcel
          until you have paid. Carriers may add a charge of their own for handling this.
        </li>
      </ul>
      <WithHomePack>
        {(pack) => (
          <>
            <h3>Schemes for paying at checkout</h3>
            <Schemes pack={pack} none="No scheme for collecting the tax at checkout is in force here." />
          </>
        )}
      </WithHomePack>

      <h2 id="small-parcels">Small parcels (de minimis)</h2>
      <p>Below a value the law sets, no duty or no tax is collected. These are the limits in force today:</p>
      <WithHomePack>
        {(pack) => (
          <>
            <h3>Duty</h3>
            <Thresholds list={pack.dutyDeMinimis} currency={pack.currency} charge="duty" none="The rules set no limit below which duty is not collected." />
            <FlatDuties pack={pack} />
            <h3>Tax</h3>
            <Thresholds list={pack.taxDeMinimis} currency={pack.currency} charge="tax" none="The rules set no limit below which tax is not collected." />
          </>
        )}
      </WithHomePack>
      <p>Customs looks out for orders split into several parcels to stay under a limit.</p>

      <h2 id="gifts">Gifts</h2>
      <p>
        A gift is sent by one private person to another, with nothing paid for it. Goods you bought are not a gift, even when they are sent to
        someone else.
      </p>
      <WithHomePack>
        {(pack) => <Thresholds list={pack.giftRelief} currency={pack.currency} charge="duty or tax on a gift" none="There is no relief for gifts." />}
      </WithHomePack>

      <h2 id="following">Following your parcel</h2>
      <p>
        On the <Link href="/status">parcel status</Link> page, enter the tracking number from the shipping message and the postcode the parcel is
        delivered to. You see where the parcel stands with customs:
      </p>
      <ul>
        <li><strong>Pre-arrival</strong>: customs has the data; the parcel is on its way.</li>
        <li><strong>Arrived</strong>: the parcel is at the border and being cleared.</li>
        <li><strong>Held</strong>: customs or another authority is checking it.</li>
        <li><strong>Payment due</strong>: duty and tax must be paid before release.</li>
        <li><strong>Released</strong>: the carrier delivers it.</li>
      </ul>
      <p>Nobody can see your parcel without the postcode, and the page shows no names, addresses or prices.</p>

      <h2 id="paying">Paying what is due</h2>
      <p>
        If customs waits for your payment, the status page says <strong>Payment due</strong> and shows the amount. Pay as the notice from the
        carrier or customs tells you; the parcel is released as soon as the payment is recorded. No more than the amount due is taken.
      </p>
      <p>If a message asks you to pay customs charges, compare the amount with the status page first.</p>

      <h2 id="returns">Returns and refunds</h2>
      <ul>
        <li>Send the goods back as the seller tells you, and keep the proof that you posted them.</li>
        <li>
          Once customs has proof that the goods left the country, the duty and tax paid on the returned items are refunded to whoever paid them:
          you, or the carrier or seller who paid for you. Fees are not refunded.
        </li>
        <li>The price of the goods is refunded by the seller, not by customs.</li>
      </ul>

      <h2 id="restricted">Goods you may not bring in</h2>
      <p>
        Some goods need a permit, others may not be imported at all. Check the <Link href="/guide">restricted goods guide</Link> before you buy.
      </p>
    </article>
  );
}
