// The Surveys section (placeholder until its pages land).
import { EmptyState, Page } from '../../components/page.tsx';

export default function Section() {
  return (
    <Page title="Surveys">
      <EmptyState title="Not built yet" />
    </Page>
  );
}
