// Every domain's routes, in one place.
import { registerCustomerRoutes } from '../domains/customers/routes.ts';
import { registerEventRoutes } from '../domains/events/routes.ts';
import { registerMetricRoutes } from '../domains/metrics/routes.ts';
import { registerResponseRoutes } from '../domains/responses/routes.ts';
import { registerSurveyRoutes } from '../domains/surveys/routes.ts';
import { registerTextRoutes } from '../domains/text/routes.ts';
import { registerWorkspaceRoutes } from '../domains/workspaces/routes.ts';
import type { Services } from '../services.ts';
import type { HeedApp } from './app.ts';

export async function registerRoutes(app: HeedApp, services: Services): Promise<void> {
  registerWorkspaceRoutes(app, services);
  registerCustomerRoutes(app, services);
  registerSurveyRoutes(app, services);
  registerResponseRoutes(app, services);
  registerEventRoutes(app, services);
  registerMetricRoutes(app, services);
  registerTextRoutes(app, services);
}
