// The one error→HTTP map: every error leaves Heed as RFC 9457 application/problem+json with a requestId.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type FieldProblem, HeedError } from '../errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId: string;
  errors?: FieldProblem[];
}

/** "/responses/3/score" → "responses[3].score": the path a person reads in their own payload. */
export function readablePath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

// Fastify's own client errors, by code: what went wrong, in the caller's terms (and where, for invalid ones).
const fastifyClientErrors: Record<string, { code: string; title: string; path?: string }> = {
  FST_ERR_BAD_URL: { code: 'invalid', title: 'Invalid request', path: '(url)' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', title: 'URI too long' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', title: 'Payload too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid', title: 'Invalid request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid', title: 'Invalid request' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid', title: 'Invalid request' },
};

export function problemFrom(error: unknown, requestId: string): Problem {
  if (error instanceof HeedError) {
    return {
      type: `https://heed.dev/problems/${error.code}`,
      title: error.title,
      status: error.status,
      code: error.code,
      detail: error.message || undefined,
      requestId,
      errors: error.errors,
    };
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const where = fastifyError.validationContext === 'body' ? '' : `${fastifyError.validationContext}.`;
    const errors = fastifyError.validation.map((issue) => ({
      path: `${where}${readablePath(issue.instancePath)}` || '(body)',
      message: issue.message ?? 'is invalid',
    }));
    return {
      type: 'https://heed.dev/problems/invalid',
      title: 'Invalid request',
      status: 400,
      code: 'invalid',
      requestId,
      errors,
    };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const known = fastifyClientErrors[fastifyError.code] ?? { code: 'bad_request', title: 'Bad request' };
    return {
      type: `https://heed.dev/problems/${known.code}`,
      title: known.title,
      status,
      code: known.code,
      detail: fastifyError.message,
      requestId,
      errors:
        known.code === 'invalid'
          ? [{ path: known.path ?? '(body)', message: fastifyError.message }]
          : undefined,
    };
  }
  return {
    type: 'https://heed.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    code: 'internal',
    detail: 'Something went wrong on our side; the request id helps find it in the logs.',
    requestId,
  };
}

export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFrom(error, request.id);
  if (problem.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
