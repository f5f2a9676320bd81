// The signed-in frame: the navigation and the page the URL names. Pages other than the Overview load on
// first visit, so the first load carries only what the Overview needs.
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import type { Me } from './api/session.ts';
import { MemberContext } from './lib/member.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';

// Each section is one module that routes its own sub-pages (relative to its path, through wouter's nest).
const FeedbackSection = lazy(() => import('./pages/feedback/section.tsx'));
const ThemesSection = lazy(() => import('./pages/themes/section.tsx'));
const CustomersSection = lazy(() => import('./pages/customers/section.tsx'));
const SurveysSection = lazy(() => import('./pages/surveys/section.tsx'));
const RevenueSection = lazy(() => import('./pages/revenue/section.tsx'));
const SettingsSection = lazy(() => import('./pages/settings/section.tsx'));

export const sections = [
  { path: '/overview', label: 'Overview' },
  { path: '/feedback', label: 'Feedback' },
  { path: '/themes', label: 'Themes' },
  { path: '/customers', label: 'Customers' },
  { path: '/surveys', label: 'Surveys' },
  { path: '/revenue', label: 'Revenue & retention' },
  { path: '/settings', label: 'Settings' },
] as const;

function NavLink({
  path,
  children,
  onNavigate,
}: {
  path: string;
  children: ReactNode;
  onNavigate: () => void;
}) {
  const [location] = useLocation();
  const current = location === path || location.startsWith(`${path}/`);
  return (
    <Link href={path} className="nav-link" aria-current={current ? 'page' : undefined} onClick={onNavigate}>
      {children}
    </Link>
  );
}

export function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <MemberContext.Provider value={me}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app">
        <header className="top">
          <p className="brand">
            <span className="brand-mark" aria-hidden="true">
              h
            </span>{' '}
            Heed
          </p>
          <button
            type="button"
            className="secondary menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <div className="who">
            <span className="who-name">
              {me.member.name || me.member.email} <span className="role">{me.member.role}</span>
            </span>
            <button type="button" className="secondary" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label="Sections">
          {sections.map((section) => (
            <NavLink key={section.path} path={section.path} onNavigate={() => setMenuOpen(false)}>
              {section.label}
            </NavLink>
          ))}
        </nav>
        <main id="main" className="content">
          <Suspense
            fallback={
              <p className="card-muted" aria-busy="true">
                Loading…
              </p>
            }
          >
            <Switch>
              <Route path="/overview" component={OverviewPage} />
              <Route path="/feedback" nest component={FeedbackSection} />
              <Route path="/themes" nest component={ThemesSection} />
              <Route path="/customers" nest component={CustomersSection} />
              <Route path="/surveys" nest component={SurveysSection} />
              <Route path="/revenue" nest component={RevenueSection} />
              <Route path="/settings" nest component={SettingsSection} />
              <Route path="/">
                <Redirect to="/overview" replace />
              </Route>
              <Route>
                <NotFoundPage />
              </Route>
            </Switch>
          </Suspense>
        </main>
      </div>
    </MemberContext.Provider>
  );
}

function NotFoundPage() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no page here. <Link href="/overview">Go to the Overview</Link>.
      </p>
    </div>
  );
}
