import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import { presentAccount, presentCustomer, presentSummary, presentTimelineItem } from './present.ts';
import {
  accountInput,
  accountListQuery,
  accountOutput,
  customerListQuery,
  customerOutput,
  customerSummary,
  customerUpsertInput,
  segmentList,
  segmentListQuery,
  timelinePage,
  timelineQuery,
} from './schema.ts';

export function registerCustomerRoutes(app: HeedApp, { customers }: Services) {
  const tags = ['Customers'];
  app.post(
    '/v1/customers',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Create or update a customer, found by external_id (else email, else phone)',
        description: 'Traits are merged into the stored ones. Answers 201 when created, 200 when updated.',
        body: customerUpsertInput,
        response: { 200: customerOutput, 201: customerOutput },
      },
    },
    async (request, reply) => {
      const { customer, created } = await customers.upsertCustomer(
        principalOf(request).workspaceId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(presentCustomer(customer));
    },
  );
  app.get(
    '/v1/customers',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List or search customers (oldest first)',
        description:
          'With `q`, only customers whose name, e-mail address or external id has a word beginning with each ' +
          'word of `q` (case-insensitive; words split at spaces and punctuation), answered from a search index.',
        querystring: customerListQuery,
        response: { 200: pageOutput(customerOutput) },
      },
    },
    async (request) =>
      pageOf(
        await customers.listCustomers(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentCustomer,
      ),
  );
  app.get(
    '/v1/customers/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get a customer', params: idParams, response: { 200: customerOutput } },
    },
    async (request) =>
      presentCustomer(await customers.getCustomer(principalOf(request).workspaceId, request.params.id)),
  );
  app.get(
    '/v1/customers/:id/timeline',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'A customer’s touchpoints, newest first: responses, feedback and events',
        description:
          'Responses carry their survey, score, comment and sentiment; feedback its text, channel and ' +
          'sentiment; events their type, name, amount and properties. Items at the same moment are ordered ' +
          'by id, so following `next_cursor` returns every item exactly once.',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: timelinePage },
      },
    },
    async (request) => {
      const page = await customers.timeline(
        principalOf(request).workspaceId,
        request.params.id,
        request.query,
      );
      return { data: page.rows.map(presentTimelineItem), next_cursor: page.nextCursor };
    },
  );
  app.get(
    '/v1/customers/:id/summary',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'A customer with their account, touchpoint totals, scores per survey and revenue',
        description:
          'Scores: per survey the customer scored in, their count, mean and latest, and the customer’s latest ' +
          '500 scores over time. Revenue: per currency, lifetime revenue so far, average purchase, purchases ' +
          'per year over the customer’s tenure, their product (annual value), and revenue per month.',
        params: idParams,
        response: { 200: customerSummary },
      },
    },
    async (request) =>
      presentSummary(await customers.summary(principalOf(request).workspaceId, request.params.id)),
  );
  app.get(
    '/v1/customer-segments',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'The segments customers are in, alphabetically',
        description: 'The values `segment` takes in this workspace, to filter customers and metrics by.',
        querystring: segmentListQuery,
        response: { 200: segmentList },
      },
    },
    async (request) => ({
      data: await customers.listSegments(principalOf(request).workspaceId, request.query.limit),
    }),
  );
  app.post(
    '/v1/accounts',
    {
      config: { action: 'manage' },
      schema: {
        tags,
        summary: 'Create or update an account (company), found by external_id',
        body: accountInput,
        response: { 200: accountOutput, 201: accountOutput },
      },
    },
    async (request, reply) => {
      const { account, created } = await customers.upsertAccount(
        principalOf(request).workspaceId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(presentAccount(account));
    },
  );
  app.get(
    '/v1/accounts',
    {
      config: { action: 'read' },
      schema: {
        tags,
        summary: 'List accounts',
        querystring: accountListQuery,
        response: { 200: pageOutput(accountOutput) },
      },
    },
    async (request) =>
      pageOf(
        await customers.listAccounts(principalOf(request).workspaceId, request.query),
        request.query.limit,
        presentAccount,
      ),
  );
  app.get(
    '/v1/accounts/:id',
    {
      config: { action: 'read' },
      schema: { tags, summary: 'Get an account', params: idParams, response: { 200: accountOutput } },
    },
    async (request) =>
      presentAccount(await customers.getAccount(principalOf(request).workspaceId, request.params.id)),
  );
}
