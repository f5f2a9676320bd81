// The Themes section: the overview at /themes and a theme's page at /themes/:id (mounted with wouter's nest,
// so the paths here are relative).
import { Route, Switch } from 'wouter';
import { ThemePage } from './theme-page.tsx';
import { ThemesPage } from './themes-page.tsx';
import './themes.css';

export default function ThemesSection() {
  return (
    <Switch>
      <Route path="/" component={ThemesPage} />
      <Route path="/:id">{(params) => <ThemePage key={params.id} id={params.id} />}</Route>
    </Switch>
  );
}
