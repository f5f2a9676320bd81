// Every domain's routes, in one place.

import formbody from '@fastify/formbody';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerCustomerRoutes } from '../domains/customers/routes.ts';
import { registerEmailRoutes } from '../domains/email/routes.ts';
import { registerEventRoutes } from '../domains/events/routes.ts';
import { registerHostedRoutes } from '../domains/hosted/routes.ts';
import { registerWidgetRoute } from '../domains/hosted/widget-route.ts';
import { registerInboundRoutes } from '../domains/inbound/routes.ts';
import { registerMemberRoutes } from '../domains/members/routes.ts';
import { registerMetricRoutes } from '../domains/metrics/routes.ts';
import { registerOutreachRoutes } from '../domains/outreach/routes.ts';
import { registerResponseRoutes } from '../domains/responses/routes.ts';
import { registerSurveyRoutes } from '../domains/surveys/routes.ts';
import { registerTextRoutes } from '../domains/text/routes.ts';
import { registerWorkspaceRoutes } from '../domains/workspaces/routes.ts';
import type { Services } from '../services.ts';
import type { HeedApp } from './app.ts';
import { registerWebApp } from './web-app.ts';

export async function registerRoutes(app: HeedApp, services: Services): Promise<void> {
  registerWorkspaceRoutes(app, services);
  registerMemberRoutes(app, services);
  registerCustomerRoutes(app, services);
  registerSurveyRoutes(app, services);
  registerResponseRoutes(app, services);
  registerEventRoutes(app, services);
  registerMetricRoutes(app, services);
  registerTextRoutes(app, services);
  registerOutreachRoutes(app, services);
  await registerInboundRoutes(app, services);
  // Form-encoded bodies only where browsers post them (the hosted pages without JavaScript) and SMS
  // providers do (the inbound scope): everywhere else the JSON API refuses them.
  await app.register(async (forms) => {
    await forms.register(formbody);
    registerHostedRoutes(forms.withTypeProvider<ZodTypeProvider>() as HeedApp, services);
  });
  registerEmailRoutes(app, services);
  registerWidgetRoute(app);
  registerWebApp(app, services.config.webDir);
}
