// The Fastify factory: one error renderer, authentication and idempotency as hooks, routes per domain.
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import secureJson from 'secure-json-parse';
import type { Config } from '../config.ts';
import { cookieOf, sessionCookie } from '../domains/members/cookies.ts';
import { csrfMatches } from '../domains/members/service.ts';
import { type Action, authorize, type Principal } from '../domains/workspaces/policy.ts';
import { Forbidden, Invalid, NotFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { claimOrReplay, idempotencyKeyOf, requestHashOf, settleClaim } from './idempotency.ts';
import { sendProblem } from './problem.ts';
import { registerRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    idempotencyKey?: string;
  }
  interface FastifyContextConfig {
    /**
     * The action a route performs; routes with one require an API key, or a member's session cookie, allowed
     * to do it (authorize() decides from the policy table).
     */
    action?: Action;
    /** Ingest routes record the Idempotency-Key inside their own write transaction. */
    idempotency?: 'in-transaction';
  }
}

export type HeedApp = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Error(`route ${request.routeOptions.url} has no action but reads the principal`);
  return request.principal;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// No request schema nests anywhere near this deep; deeper JSON would only overflow the stack of whatever
// walks it next (the idempotency hash, validation, logging), so it is refused at the door.
const maxBodyDepth = 64;

/** Whether a JSON text's brackets nest deeper than the limit, not counting brackets inside strings. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the character after it.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKeyHeader = request.headers['x-api-key'];
  return typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined;
}

export async function buildApp(config: Config, services: Services): Promise<HeedApp> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Per-request log lines cost ingest throughput; errors are still logged by the error renderer.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    // Behind a trusted proxy, X-Forwarded-For and X-Forwarded-Proto give the client's IP and protocol.
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // Link tokens in /s/{token} run past the default 100 characters when personal, single-use and expiring.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 256 },
    // The router refuses a malformed URL before any hook runs: answer it as a problem like every other error.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      sendProblem(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(new NotFound(`${request.method} ${request.url.split('?')[0]}`), request, reply),
  );

  // JSON bodies must be valid UTF-8 and free of prototype-poisoning keys; both are the caller's error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(Invalid.field('(body)', 'is not valid UTF-8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(Invalid.field('(body)', 'is empty; send a JSON object'), undefined);
      return;
    }
    if (nestsDeeperThan(text, maxBodyDepth)) {
      done(Invalid.field('(body)', `must not nest deeper than ${maxBodyDepth} levels`), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(Invalid.field('(body)', `is not valid JSON (${(error as Error).message})`), undefined);
    }
  });

  // The widget and SDK call the API from customers' sites with a publishable key in a header: any origin may,
  // without cookies, so no browser carries a signed-in session across sites.
  await app.register(cors, {
    origin: '*',
    credentials: false,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-api-key'],
    exposedHeaders: ['x-request-id', 'idempotent-replayed'],
    maxAge: 86_400,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const action = request.routeOptions.config.action;
    if (!action) return;
    const key = bearerKey(request);
    const cookie = key === undefined ? cookieOf(request, sessionCookie) : undefined;
    let principal: Principal;
    if (cookie) {
      const session = await services.members.authenticateSession(cookie);
      // A cookie rides along on any request the browser makes: state changes must prove they come from the
      // dashboard by echoing the session's CSRF token, which another site cannot read.
      const csrf = request.headers['x-csrf-token'];
      if (
        !safeMethods.has(request.method) &&
        !csrfMatches(typeof csrf === 'string' ? csrf : undefined, session.csrfToken)
      )
        throw new Forbidden('Send the CSRF token from sign-in in an X-CSRF-Token header.');
      principal = session.principal;
    } else principal = await services.workspaces.authenticate(key);
    authorize(principal, action);
    request.principal = principal;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !request.principal) return;
    const key = idempotencyKeyOf(request);
    if (!key) return;
    if (request.routeOptions.config.idempotency === 'in-transaction') {
      request.idempotencyKey = key;
      return;
    }
    const claimed = await claimOrReplay(
      services.db,
      request.principal.workspaceId,
      { key, requestHash: requestHashOf(request) },
      reply,
    );
    // Only a request that holds the claim settles it: one refused as a reuse or answered from the stored
    // result must not overwrite the first request's answer.
    if (claimed) request.idempotencyKey = key;
    return claimed ? undefined : reply;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.principal || request.routeOptions.config.idempotency === 'in-transaction')
      return payload;
    if (reply.getHeader('idempotent-replayed')) return payload;
    const body = typeof payload === 'string' && payload !== '' ? JSON.parse(payload) : null;
    await settleClaim(services.db, request.principal.workspaceId, key, reply.statusCode, body);
    return payload;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Heed API',
        version: '1',
        description:
          'Listen to customers on every channel and measure them honestly. Authenticate with ' +
          '`Authorization: Bearer <key>`: a secret key (`heed_sk_…`) on servers, a publishable key ' +
          '(`heed_pk_…`) in browsers, which may only submit responses and feedback. People sign in with ' +
          '`POST /v1/session` for a session cookie; writes made with it carry the `X-CSRF-Token` from sign-in. ' +
          'What each role may do is in `GET /v1/me`. Every POST accepts an ' +
          '`Idempotency-Key` header: a retry with the same key returns the first answer and writes nothing new. ' +
          'Errors are RFC 9457 `application/problem+json` with a `requestId` and, for invalid input, every offending field.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          // The inbound webhooks' per-workspace secret, as a bearer token or the password of Basic auth.
          inboundSecret: { type: 'http', scheme: 'bearer' },
          inboundSecretBasic: { type: 'http', scheme: 'basic' },
          // The dashboard's session cookie, from POST /v1/session; writes also need the X-CSRF-Token header.
          session: { type: 'apiKey', in: 'cookie', name: 'heed_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => ({
    status: 'ok',
    database: services.db.backend,
  }));

  await registerRoutes(app, services);
  return app;
}
