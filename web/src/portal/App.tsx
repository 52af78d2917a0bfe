// The public portal's frame (standard 13): skip link, header with the navigation, the page for the address, footer.
import type { ReactNode } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useFocusOnNavigation } from '../shared/navigation.ts';
import './portal.css';
import { Home } from './pages/Home.tsx';
import { Estimate } from './pages/Estimate.tsx';
import { Status } from './pages/Status.tsx';
import { Guide } from './pages/Guide.tsx';
import { Help } from './pages/Help.tsx';
import { HelpConsumers } from './pages/HelpConsumers.tsx';
import { HelpSellers } from './pages/HelpSellers.tsx';
import { NotFound } from './pages/NotFound.tsx';

const NAV = [
  { href: '/', label: 'Home' },
  { href: '/estimate', label: 'Estimate' },
  { href: '/status', label: 'Parcel status' },
  { href: '/guide', label: 'Restricted goods' },
  { href: '/help', label: 'Help' },
] as const;

function NavLink({ href, label }: { href: string; label: string }): ReactNode {
  const [location] = useLocation();
  // The page itself is "page"; a page under a section (/help/sellers) marks the section's link "true".
  const current = location === href ? 'page' : href !== '/' && location.startsWith(`${href}/`) ? 'true' : undefined;
  return (
    <Link href={href} aria-current={current}>
      {label}
    </Link>
  );
}

export function App(): ReactNode {
  useFocusOnNavigation();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Clearway <span className="visually-hidden">home</span>
        </Link>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <NavLink key={n.href} {...n} />
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={Home} />
          <Route path="/estimate" component={Estimate} />
          <Route path="/status" component={Status} />
          <Route path="/guide" component={Guide} />
          <Route path="/guide/*" component={Guide} />
          <Route path="/help" component={Help} />
          <Route path="/help/consumers" component={HelpConsumers} />
          <Route path="/help/sellers" component={HelpSellers} />
          <Route component={NotFound} />
        </Switch>
      </main>
      <footer className="site">
        <nav aria-label="Footer">
          <ul className="inline">
            <li>
              <Link href="/help/consumers">Buying from abroad</Link>
            </li>
            <li>
              <Link href="/help/sellers">Selling to buyers here</Link>
            </li>
            <li>
              <Link href="/guide">Restricted goods</Link>
            </li>
            <li>
              <a href="/docs">API for marketplaces and carriers</a>
            </li>
          </ul>
        </nav>
        <p>
          Clearway clears parcels bought online from abroad, after the WCO Framework of Standards on Cross-Border E-Commerce. Estimates and guidance
          here are for information: customs decides on each parcel from the data declared for it.
        </p>
      </footer>
    </>
  );
}
