// The portal's front page: what it is for, and the way to each of its services.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePageTitle } from '../page.ts';

const ENTRIES = [
  {
    href: '/estimate',
    title: 'Estimate what you pay',
    text: 'Before you buy: the customs duty, tax and fees on your basket, who collects them and when.',
    action: 'Estimate a parcel',
  },
  {
    href: '/status',
    title: 'Follow your parcel through customs',
    text: 'With the tracking number and your postcode: where the parcel stands, and anything you need to pay.',
    action: 'Check a parcel',
  },
  {
    href: '/guide',
    title: 'Check what you may import',
    text: 'Goods that health, food, product-safety, agriculture or wildlife authorities control, and the law they act under.',
    action: 'See restricted goods',
  },
] as const;

export function Home(): ReactNode {
  usePageTitle('Parcels from abroad');
  return (
    <>
      <div className="hero">
        <h1>Parcels from abroad, made clear</h1>
        <p>
          When you buy online from another country, your parcel goes through customs. This portal tells you what you will pay, where your parcel is,
          and which goods need a permit or may not be imported at all.
        </p>
      </div>
      <ul className="entries">
        {ENTRIES.map((e) => (
          <li key={e.href} className="card">
            <h2>{e.title}</h2>
            <p>{e.text}</p>
            <Link href={e.href} className="button">
              {e.action}
            </Link>
          </li>
        ))}
      </ul>
      <h2>How-to guides</h2>
      <ul className="guides">
        <li>
          <Link href="/help/consumers">Buying from abroad</Link>: what you pay and when, small parcels, following a parcel, paying, returns and refunds.
        </li>
        <li>
          <Link href="/help/sellers">Selling to buyers here</Link>: for marketplaces and online sellers — advance data, collecting tax at checkout,
          the trusted-trader programme, returns.
        </li>
      </ul>
    </>
  );
}
