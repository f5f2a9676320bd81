// The Feedback section (placeholder until its pages land).
import { EmptyState, Page } from '../../components/page.tsx';

export default function Section() {
  return (
    <Page title="Feedback">
      <EmptyState title="Not built yet" />
    </Page>
  );
}
