// Wires the domain services to one database; the HTTP app, the CLI and the jobs all use this.
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { CustomerService } from './domains/customers/service.ts';
import { EventService } from './domains/events/service.ts';
import { MetricService } from './domains/metrics/service.ts';
import { ResponseService } from './domains/responses/service.ts';
import { SurveyService } from './domains/surveys/service.ts';
import { TextService } from './domains/text/service.ts';
import { WorkspaceService } from './domains/workspaces/service.ts';

export interface Services {
  db: Db;
  workspaces: WorkspaceService;
  customers: CustomerService;
  surveys: SurveyService;
  responses: ResponseService;
  events: EventService;
  metrics: MetricService;
  text: TextService;
}

export function createServices(db: Db, config: Config): Services {
  const groupCommit = { maxWaitMs: config.groupCommitMs, maxItems: config.groupCommitMaxItems };
  const surveys = new SurveyService(db, config.keyCacheSeconds);
  const workspaces = new WorkspaceService(db, config.keyCacheSeconds);
  return {
    db,
    workspaces,
    customers: new CustomerService(db),
    surveys,
    responses: new ResponseService(db, surveys, groupCommit, (workspaceId) =>
      workspaces.redactsPii(workspaceId),
    ),
    events: new EventService(db, groupCommit),
    metrics: new MetricService(db),
    text: new TextService(db),
  };
}
