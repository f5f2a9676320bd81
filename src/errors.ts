// The named errors services throw; http/errors.ts renders each one as RFC 9457 problem+json.

export interface FieldProblem {
  path: string;
  message: string;
}

export abstract class HeedError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;
  /** The offending fields, when the problem is in the input. */
  errors?: FieldProblem[];
}

export class Invalid extends HeedError {
  readonly status = 400;
  readonly code = 'invalid';
  readonly title = 'Invalid request';
  constructor(errors: FieldProblem[]) {
    super(errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '));
    this.errors = errors;
  }
  static field(path: string, message: string): Invalid {
    return new Invalid([{ path, message }]);
  }
}

export class Unauthenticated extends HeedError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  readonly title = 'Authentication required';
}

export class Forbidden extends HeedError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Not allowed';
}

export class NotFound extends HeedError {
  readonly status = 404;
  readonly code = 'not_found';
  readonly title = 'Not found';
  constructor(what: string, errors?: FieldProblem[]) {
    super(`${what} was not found`);
    this.errors = errors;
  }
}

export class Conflict extends HeedError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

/** Something that existed and is no longer available, such as an expired link. */
export class Gone extends HeedError {
  readonly status = 410;
  readonly code = 'gone';
  readonly title = 'Gone';
}

export class IdempotencyMismatch extends HeedError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
  readonly title = 'Idempotency-Key reused with a different request';
}

export class PayloadTooLarge extends HeedError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  readonly title = 'Payload too large';
}

export class RateLimited extends HeedError {
  readonly status = 429;
  readonly code = 'rate_limited';
  readonly title = 'Too many requests';
}

export class Unavailable extends HeedError {
  readonly status = 503;
  readonly code = 'unavailable';
  readonly title = 'Service unavailable';
}
