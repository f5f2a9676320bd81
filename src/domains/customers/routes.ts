import { type HeedApp, principalOf } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import { pageOf } from '../../shared/ids.ts';
import { presentRow } from '../../shared/present.ts';
import { idParams, pageOutput } from '../../shared/schemas.ts';
import {
  accountInput,
  accountListQuery,
  accountOutput,
  customerListQuery,
  customerOutput,
  customerUpsertInput,
} from './schema.ts';
import type { AccountRow, CustomerRow } from './store.ts';

const presentCustomer = (row: CustomerRow) => presentRow(row, ['workspace_id']);
const presentAccount = (row: AccountRow) => presentRow(row, ['workspace_id']);

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
        summary: 'List customers (oldest first)',
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
