// The prohibited and restricted goods guide (standards 10 and 13): the goods other agencies control on import, from the
// agency rules in force, grouped by kind of agency, each with the law it acts under.
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import { useApi } from '../../shared/use-api.ts';
import { Loading, Problems } from '../../shared/ui.tsx';
import { placeName } from '../countries.ts';
import { usePageTitle } from '../page.ts';

interface Entry {
  domain: string;
  goods: string;
  hsPrefixes: string[];
  keywords: string[];
  source: string;
  validFrom: string;
  validUntil?: string;
}
interface RestrictedGoods {
  jurisdiction: string;
  day: string;
  entries: Entry[];
}

const DOMAINS: Array<{ domain: string; title: string; about: string }> = [
  { domain: 'health', title: 'Health', about: 'Medicines and other health products.' },
  { domain: 'food-safety', title: 'Food safety', about: 'Food, drink and food supplements.' },
  { domain: 'product-safety', title: 'Product safety', about: 'Goods that must meet safety rules, such as toys and electrical goods.' },
  { domain: 'agriculture', title: 'Agriculture', about: 'Plants, seeds, animals and products of animal origin.' },
  { domain: 'wildlife', title: 'Wildlife', about: 'Protected species of animals and plants, and goods made from them.' },
  { domain: 'other', title: 'Other authorities', about: 'Goods controlled by other authorities.' },
];

/** An entry matches what was typed when its goods, words, law or kind of agency contain it, or an HS code starts with it (or it with one). */
function matches(e: Entry, typed: string): boolean {
  const q = typed.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/[\s.]/g, '');
  if (/^\d+$/.test(digits) && e.hsPrefixes.some((p) => p.startsWith(digits) || digits.startsWith(p))) return true;
  const title = DOMAINS.find((d) => d.domain === e.domain)?.title ?? e.domain;
  return [e.goods, title, e.source, ...e.keywords].some((t) => t.toLowerCase().includes(q));
}

export function Guide(): ReactNode {
  usePageTitle('Prohibited and restricted goods');
  const guide = useApi<RestrictedGoods>('/v1/public/restricted-goods');
  const [filter, setFilter] = useState('');
  const filterHint = useId();
  const entries = guide.data?.entries.filter((e) => matches(e, filter)) ?? [];
  return (
    <div className="narrow">
      <h1>Prohibited and restricted goods</h1>
      <p>
        Some goods may only be imported with a permit or a certificate, or not at all. When a parcel holds them, customs passes it to the authority
        in charge, which decides whether it may be delivered. Check before you buy.
      </p>
      {guide.loading ? <Loading what="the list of controlled goods" /> : null}
      {guide.error ? <Problems error={guide.error} /> : null}
      {guide.data ? (
        <>
          <p className="muted">
            Rules in force on {guide.data.day} for {guide.data.jurisdiction === 'EU' ? 'the European Union' : placeName(guide.data.jurisdiction)}.
          </p>
          <div className="field">
            <label htmlFor="guide-filter">Search the list</label>
            <p id={filterHint} className="hint">
              A word (“medicine”, “seeds”) or an HS code (“3004”).
            </p>
            <input id="guide-filter" type="search" aria-describedby={filterHint} value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
          <p role="status" className="muted">
            {guide.data.entries.length === 0
              ? 'No other authority controls particular goods at the moment.'
              : `${entries.length} of ${guide.data.entries.length} kinds of goods shown.`}
          </p>
          {DOMAINS.map((d) => (
            <Group key={d.domain} {...d} entries={entries.filter((e) => e.domain === d.domain)} />
          ))}
        </>
      ) : null}
      <h2>Before you buy</h2>
      <ul>
        <li>Read the seller’s description: what the goods are made of and what they are for decides which rules apply.</li>
        <li>Ask the seller for the HS code of the goods and look it up here; the same code decides the duty in the <Link href="/estimate">estimator</Link>.</li>
        <li>Medicines, food, plants, seeds, animal products and goods from protected species are often controlled.</li>
        <li>Fakes of branded goods may be seized.</li>
        <li>If a permit is needed, get it before the parcel is sent: a parcel without one is held and may be sent back or destroyed.</li>
      </ul>
      <p>
        See also <Link href="/help/consumers">buying from abroad</Link> and <Link href="/help/sellers">selling to buyers here</Link>.
      </p>
    </div>
  );
}

function Group({ domain, title, about, entries }: { domain: string; title: string; about: string; entries: Entry[] }): ReactNode {
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby={`guide-${domain}`} className="guide-group">
      <h2 id={`guide-${domain}`}>{title}</h2>
      <p className="muted">{about}</p>
      <ul className="guide-entries">
        {entries.map((e) => (
          <li key={e.goods + e.source} className="card">
            <h3>{e.goods}</h3>
            <dl className="facts">
              {e.hsPrefixes.length > 0 ? (
                <>
                  <dt>HS codes</dt>
                  <dd>
                    starting with {e.hsPrefixes.join(', ')}
                  </dd>
                </>
              ) : null}
              {e.keywords.length > 0 ? (
                <>
                  <dt>Goods described as</dt>
                  <dd>{e.keywords.join(', ')}</dd>
                </>
              ) : null}
              <dt>Law</dt>
              <dd>{e.source}</dd>
              <dt>In force</dt>
              <dd>
                since {e.validFrom}
                {e.validUntil ? `, until ${e.validUntil}` : ''}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
