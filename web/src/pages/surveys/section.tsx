// The Surveys section, mounted at /surveys (wouter nest, so paths here are relative): the list, the form to
// create one, and per survey its results, its edit form and how to distribute it.
import { Link, Route, Switch } from 'wouter';
import { Page } from '../../components/page.tsx';
import { DistributeSurveyPage } from './survey-distribute.tsx';
import { CreateSurveyPage, EditSurveyPage } from './survey-edit-pages.tsx';
import { SurveyList } from './survey-list.tsx';
import { SurveyResultsPage } from './survey-results.tsx';
import './surveys.css';

export default function Section() {
  return (
    // A class to hang the section's own rules on, such as breaking long survey names on a phone.
    <div className="survey-section">
      <Switch>
        <Route path="/" component={SurveyList} />
        <Route path="/new" component={CreateSurveyPage} />
        <Route path="/:id/edit">{(params) => <EditSurveyPage key={params.id} id={params.id} />}</Route>
        <Route path="/:id/distribute">
          {(params) => <DistributeSurveyPage key={params.id} id={params.id} />}
        </Route>
        <Route path="/:id">{(params) => <SurveyResultsPage key={params.id} id={params.id} />}</Route>
        <Route>
          <Page title="Page not found">
            <p>
              There is no survey page here. <Link href="/">See all surveys</Link>.
            </p>
          </Page>
        </Route>
      </Switch>
    </div>
  );
}
