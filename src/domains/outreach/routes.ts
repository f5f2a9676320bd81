// /v1/links, /v1/contacts, /v1/eligibility and /v1/surveys/{id}/reach: asking customers, and how it went.
import type { FastifyRequest } from 'fastify';
import { Invalid, NotFound } from '../../errors.ts';
import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { idParams } from '../../shared/schemas.ts';
import type { CustomerRef } from '../customers/schema.ts';
import { presentPublicSurvey } from '../hosted/public-survey.ts';
import {
  contactInput,
  eligibilityInput,
  eligibilityOutput,
  impressionInput,
  linkInput,
  linkOutput,
  reachOutput,
  reachQuery,
} from './schema.ts';

const dayMs = 86_400_000;

/** Where customers reach this server: the configured public URL, else the address the caller used. */
export function publicBaseOf(request: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${request.protocol}://${request.host}`;
}

export function registerOutreachRoutes(app: HeedApp, { outreach, surveys, customers, config }: Services) {
  const tags = ['Outreach'];

  /**
   * The customer a browser names, without creating one: an unknown external id or e-mail is a visitor never
   * asked; an unknown Heed id is an error, as everywhere in the API.
   */
  async function knownCustomer(workspaceId: string, ref: CustomerRef | undefined) {
    if (!ref) return undefined;
    const customer = await customers.findCustomer(workspaceId, ref);
    if (!customer && ref.id)
      throw new NotFound(`Customer ${ref.id}`, [
        { path: 'customer.id', message: 'no such customer in this workspace' },
      ]);
    return customer;
  }
  app.post(
    '/v1/links',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Make a signed link to a hosted survey or the feedback form',
        description:
          'A link carries a signed token, so it can be neither guessed nor altered. A personal link (with a ' +
          '`customer`) records the answer as theirs and counts as asking them: under the workspace’s fatigue cap ' +
          'it is refused with 409 unless `respect_fatigue` is false. A survey link without a customer is public ' +
          'and reusable.',
        body: linkInput,
        response: { 201: linkOutput },
      },
    },
    async (request, reply) => {
      const link = await outreach.createLink(principalOf(request).workspaceId, request.body);
      const { path, ...rest } = link;
      return reply.status(201).send({ url: `${publicBaseOf(request, config.publicUrl)}${path}`, ...rest });
    },
  );
  app.post(
    '/v1/contacts',
    {
      config: { action: 'ingest' },
      schema: {
        tags,
        summary: 'Record that a survey was shown or sent to someone outside Heed',
        description:
          'When you deliver a survey yourself (your own e-mail or SMS provider, your app), record it here so the ' +
          'fatigue cap and response rates include it.',
        body: contactInput,
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const body = request.body;
      await surveys.getSurvey(workspaceId, body.survey_id);
      const customer = body.customer
        ? await customers.resolveCustomer(workspaceId, body.customer)
        : undefined;
      await outreach.recordContacts(workspaceId, [
        {
          surveyId: body.survey_id,
          customerId: customer?.id ?? null,
          channel: body.channel,
          kind: body.kind,
          at: body.at ? new Date(body.at) : undefined,
        },
      ]);
      return reply.status(201).send({ recorded: 1, customer_id: customer?.id ?? null });
    },
  );
  app.post(
    '/v1/eligibility',
    {
      config: { action: 'submit' },
      schema: {
        tags,
        summary: 'May this survey be shown to this customer now?',
        description:
          'What the widget and SDK ask before showing a survey (a publishable key may ask): no when the survey ' +
          'is archived or its quota reached, when the customer was asked on any channel within the fatigue cap, ' +
          'or when `sample` falls outside the survey’s sample rate. When eligible, the answer carries the survey ' +
          'as a browser shows it. Nothing is recorded: record the display with `POST /v1/impressions`.',
        body: eligibilityInput,
        response: { 200: eligibilityOutput },
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const survey = await surveys.getSurvey(workspaceId, request.body.survey_id);
      const customer = await knownCustomer(workspaceId, request.body.customer);
      const eligibility = await outreach.eligibility(workspaceId, survey, customer?.id, request.body.sample);
      return eligibility.eligible ? { ...eligibility, survey: presentPublicSurvey(survey) } : eligibility;
    },
  );
  app.post(
    '/v1/impressions',
    {
      config: { action: 'submit' },
      schema: {
        tags,
        summary: 'Record that the widget or app showed a survey',
        description:
          'What the widget and SDK send when a survey appears (a publishable key may): it counts towards the ' +
          'fatigue cap of an identified customer and the response rate of the channel.',
        body: impressionInput,
      },
    },
    async (request, reply) => {
      const { workspaceId } = principalOf(request);
      const { survey_id: surveyId, channel } = request.body;
      await surveys.getSurvey(workspaceId, surveyId);
      const customer = await knownCustomer(workspaceId, request.body.customer);
      await outreach.recordContacts(workspaceId, [
        { surveyId, customerId: customer?.id ?? null, channel, kind: 'shown' },
      ]);
      return reply.status(201).send({ recorded: 1 });
    },
  );
  app.get(
    '/v1/surveys/:id/reach',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'Invitations, displays, responses and response rate per channel',
        description: 'Over the UTC days `from`–`to` (default: the last 30 days).',
        params: idParams,
        querystring: reachQuery,
        response: { 200: reachOutput },
      },
    },
    async (request) => {
      const to = request.query.to ?? new Date().toISOString().slice(0, 10);
      const from = request.query.from ?? new Date(Date.parse(to) - 29 * dayMs).toISOString().slice(0, 10);
      if (from > to) throw Invalid.field('from', `must not be after to (${to})`);
      const channels = await outreach.reach(principalOf(request).workspaceId, request.params.id, from, to);
      return { survey_id: request.params.id, from, to, channels };
    },
  );
}
