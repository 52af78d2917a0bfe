// The console's frame: login gate, navigation, and the page for the address.
import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Route, Switch, useRoute } from 'wouter';
import { useFocusOnNavigation } from '../shared/navigation.ts';
import { Loading } from '../shared/ui.tsx';
import { isOfficer, SessionProvider, useSession } from './session.tsx';
import { Login } from './pages/Login.tsx';
import { Worklist } from './pages/Worklist.tsx';
import { Parcel } from './pages/Parcel.tsx';
import { Rules } from './pages/Rules.tsx';
import { TrustedTraders } from './pages/TrustedTraders.tsx';
import { Jobs } from './pages/Jobs.tsx';

// Charts are the heaviest part of the console: they load when a dashboard is opened, not with the first page.
const Dashboards = lazy(() => import('./dashboards/Dashboards.tsx'));

export function App(): ReactNode {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function NavLink({ href, children }: { href: string; children: ReactNode }): ReactNode {
  const [active] = useRoute(href === '/' ? '/' : `${href}/*?`);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function Shell(): ReactNode {
  const { officer, logout } = useSession();
  useFocusOnNavigation();
  if (officer === undefined) return <Loading what="your session" />;
  if (officer === null) return <Login />;
  const officerView = isOfficer(officer);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Clearway</span>
        <nav aria-label="Console">
          <NavLink href="/">{officerView ? 'Worklist' : 'Referred to us'}</NavLink>
          {officerView ? (
            <>
              <NavLink href="/dashboards">Dashboards</NavLink>
              <NavLink href="/rules">Rules</NavLink>
              <NavLink href="/trusted">Trusted traders</NavLink>
              <NavLink href="/jobs">Jobs</NavLink>
            </>
          ) : null}
        </nav>
        <div className="who">
          <span>
            {officer.name} <span className="visually-hidden">role</span>({officer.role})
          </span>
          <button className="secondary" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Switch>
            <Route path="/" component={Worklist} />
            <Route path="/parcels/:id">{(p) => <Parcel id={decodeURIComponent(p.id)} />}</Route>
            <Route path="/dashboards" component={Dashboards} />
            <Route path="/rules" component={Rules} />
            <Route path="/trusted" component={TrustedTraders} />
            <Route path="/jobs" component={Jobs} />
            <Route>
              <h1>Not found</h1>
              <p>
                No console page here. <Link href="/">Back to the worklist</Link>.
              </p>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
