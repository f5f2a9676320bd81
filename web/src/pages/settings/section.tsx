// The Settings section: workspace, members and roles, API keys, privacy, and the member's own account, each
// a sub-page of /settings (mounted with wouter's nest, so the paths here are relative).
import { useEffect } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { Page } from '../../components/page.tsx';
import { AccountTab } from './account-tab.tsx';
import { KeysTab } from './keys-tab.tsx';
import { MembersTab } from './members-tab.tsx';
import { PrivacyTab } from './privacy-tab.tsx';
import { WorkspaceTab } from './workspace-tab.tsx';
import './settings.css';

const tabs = [
  { path: '/', label: 'Workspace', component: WorkspaceTab },
  { path: '/members', label: 'Members', component: MembersTab },
  { path: '/keys', label: 'API keys', component: KeysTab },
  { path: '/privacy', label: 'Privacy', component: PrivacyTab },
  { path: '/account', label: 'Your account', component: AccountTab },
] as const;

export default function SettingsSection() {
  const [location] = useLocation();
  const current = tabs.find((tab) => tab.path === location);
  // Runs after the Page's own title (children's effects run first), so the tab is named in the browser tab.
  useEffect(() => {
    document.title = `${current ? current.label : 'Not found'} · Settings · Heed`;
  }, [current]);
  return (
    <Page title="Settings">
      <nav className="settings-tabs" aria-label="Settings">
        {tabs.map((tab) => (
          <Link
            key={tab.path}
            href={tab.path}
            className="settings-tab"
            aria-current={tab.path === location ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <div className="settings-body">
        <Switch>
          {tabs.map((tab) => (
            <Route key={tab.path} path={tab.path} component={tab.component} />
          ))}
          <Route>
            <p>
              There is no such settings page. <Link href="/">Go to the workspace settings</Link>.
            </p>
          </Route>
        </Switch>
      </div>
    </Page>
  );
}
