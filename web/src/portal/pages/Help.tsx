// The how-to pages, for buyers and for sellers.
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { usePageTitle } from '../page.ts';

export function Help(): ReactNode {
  usePageTitle('Help');
  return (
    <div className="narrow">
      <h1>Help</h1>
      <ul className="entries">
        <li className="card">
          <h2>
            <Link href="/help/consumers">Buying from abroad</Link>
          </h2>
          <p>What you pay and when, small parcels and gifts, following your parcel, paying what is due, returns and refunds.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/help/sellers">Selling to buyers here</Link>
          </h2>
          <p>For marketplaces and online sellers: sending advance data, collecting tax at checkout, the trusted-trader programme, returns.</p>
        </li>
      </ul>
    </div>
  );
}
