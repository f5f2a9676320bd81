// The Feedback section: the inbox at /feedback and one item at /feedback/:kind/:id (mounted with wouter's
// nest, so the paths here are relative). Filters live in the inbox's URL, so a view can be shared.
import { Redirect, Route, Switch } from 'wouter';
import { InboxPage } from './inbox-page.tsx';
import { ItemPage } from './item-page.tsx';
import './feedback.css';

export default function FeedbackSection() {
  return (
    <Switch>
      <Route path="/" component={InboxPage} />
      <Route path="/:kind/:id">
        {(params) => <ItemPage key={params.id} kind={params.kind} id={params.id} />}
      </Route>
      <Route>
        <Redirect to="/" replace />
      </Route>
    </Switch>
  );
}
