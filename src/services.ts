// Wires the domain services to one database; the HTTP app, the CLI and the jobs all use this.
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { CustomerService } from './domains/customers/service.ts';
import { EmailService } from './domains/email/service.ts';
import { EventService } from './domains/events/service.ts';
import { InboundService } from './domains/inbound/service.ts';
import { MemberService } from './domains/members/service.ts';
import { MetricService } from './domains/metrics/service.ts';
import { OutreachService } from './domains/outreach/service.ts';
import { ResponseService } from './domains/responses/service.ts';
import { SurveyService } from './domains/surveys/service.ts';
import { TextService } from './domains/text/service.ts';
import { WorkspaceService } from './domains/workspaces/service.ts';

export interface Services {
  db: Db;
  config: Config;
  workspaces: WorkspaceService;
  members: MemberService;
  customers: CustomerService;
  surveys: SurveyService;
  responses: ResponseService;
  events: EventService;
  metrics: MetricService;
  text: TextService;
  outreach: OutreachService;
  inbound: InboundService;
  email: EmailService;
}

export function createServices(db: Db, config: Config): Services {
  const groupCommit = { maxWaitMs: config.groupCommitMs, maxItems: config.groupCommitMaxItems };
  const surveys = new SurveyService(db, config.keyCacheSeconds);
  const workspaces = new WorkspaceService(db, config.keyCacheSeconds);
  const customers = new CustomerService(db);
  const metrics = new MetricService(db);
  const redactsPii = (workspaceId: string) => workspaces.redactsPii(workspaceId);
  const responses = new ResponseService(db, surveys, groupCommit, redactsPii);
  const outreach = new OutreachService(db, surveys, customers, metrics, config.keyCacheSeconds, groupCommit);
  const email = new EmailService(db, config, surveys, customers, outreach);
  return {
    db,
    config,
    workspaces,
    members: new MemberService(db),
    customers,
    surveys,
    responses,
    events: new EventService(db, groupCommit),
    metrics,
    text: new TextService(db),
    outreach,
    inbound: new InboundService(db, responses, redactsPii, (workspaceId, messageId, detail) =>
      email.recordBounceReport(workspaceId, messageId, detail),
    ),
    email,
  };
}
