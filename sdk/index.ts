// The Heed client for browsers and Node: typed from the API's own schemas (types.ts), fetch-based, no
// dependencies. Every POST carries an Idempotency-Key, so the retries on network errors, 429 and 503 are safe.
import type { Paths } from './types.ts';

export type { Paths } from './types.ts';

type Route = keyof Paths;
type Part<R extends Route, M extends keyof Paths[R], K extends string> =
  Paths[R][M] extends Record<K, infer T> ? T : never;

export type ResponseInput = Part<'/v1/responses', 'post', 'body'>;
export type ResponseRecord = Part<'/v1/responses', 'post', 'response'>;
export type ResponseList = Part<'/v1/responses', 'get', 'response'>;
export type ResponseListQuery = Part<'/v1/responses', 'get', 'query'>;
export type ResponseBatchResult = Part<'/v1/responses/batch', 'post', 'response'>;
export type FeedbackInput = Part<'/v1/feedback', 'post', 'body'>;
export type FeedbackRecord = Part<'/v1/feedback', 'post', 'response'>;
export type FeedbackList = Part<'/v1/feedback', 'get', 'response'>;
export type FeedbackListQuery = Part<'/v1/feedback', 'get', 'query'>;
export type EventInput = Part<'/v1/events', 'post', 'body'>;
export type EventRecord = Part<'/v1/events', 'post', 'response'>;
export type EventBatchResult = Part<'/v1/events/batch', 'post', 'response'>;
export type CustomerInput = Part<'/v1/customers', 'post', 'body'>;
export type Customer = Part<'/v1/customers', 'post', 'response'>;
export type CustomerList = Part<'/v1/customers', 'get', 'response'>;
export type CustomerListQuery = Part<'/v1/customers', 'get', 'query'>;
export type SurveyList = Part<'/v1/surveys', 'get', 'response'>;
export type SurveyListQuery = Part<'/v1/surveys', 'get', 'query'>;
export type Survey = Part<'/v1/surveys/{id}', 'get', 'response'>;
export type MetricQuery = Part<'/v1/metrics/nps', 'get', 'query'>;
export type EligibilityInput = Part<'/v1/eligibility', 'post', 'body'>;
export type Eligibility = Part<'/v1/eligibility', 'post', 'response'>;
export type ImpressionInput = Part<'/v1/impressions', 'post', 'body'>;

/** An RFC 9457 problem as Heed answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** Heed refused the request: the problem it answered, with its status, stable code and every bad field. */
export class HeedApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: Array<{ path: string; message: string }>;
  readonly requestId: string | undefined;
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail ?? problem.title}`);
    this.name = 'HeedApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }
}

export interface HeedOptions {
  /** A secret key (heed_sk_…) on servers, a publishable key (heed_pk_…) in browsers. */
  key: string;
  /** Where Heed answers, e.g. https://heed.example.com (default http://localhost:3000). */
  baseUrl?: string;
  /** Retries after a network error, 429 or 503 (default 3); each waits longer (0.5 s doubling, or Retry-After). */
  retries?: number;
  /** The fetch to use (default the global one): a proxy, a test double, an older runtime's polyfill. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** For POSTs: the key that makes a retry of this call write nothing new (default: a fresh random one). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

type Query = Record<string, string | number | boolean | undefined>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Heed {
  private readonly key: string;
  private readonly baseUrl: string;
  private readonly retries: number;
  private readonly fetcher: typeof fetch;

  constructor(options: HeedOptions) {
    this.key = options.key;
    this.baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.retries = options.retries ?? 3;
    // Bound, so a fetch taken from window is not called with another `this` (an "Illegal invocation").
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * One API call: JSON in and out, an Idempotency-Key on every POST (the same on each retry), retried on
   * network errors, 429 and 503 with backoff; any other error answer throws a HeedApiError.
   */
  async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: CallOptions & { query?: object; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [name, value] of Object.entries((options.query ?? {}) as Query))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.key}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 0; ; attempt++) {
      let answer: Response;
      try {
        answer = await this.fetcher(url, { method, headers, body, signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted || attempt >= this.retries) throw error;
        await sleep(this.backoffMs(attempt));
        continue;
      }
      if ((answer.status === 429 || answer.status === 503) && attempt < this.retries) {
        const retryAfter = Number(answer.headers.get('retry-after'));
        await answer.body?.cancel();
        await sleep(
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.backoffMs(attempt),
        );
        continue;
      }
      const text = await answer.text();
      if (answer.ok) return (text ? JSON.parse(text) : undefined) as T;
      throw new HeedApiError(problemOf(answer, text));
    }
  }

  /** 0.5 s, 1 s, 2 s … with up to a quarter of random spread, so many clients do not retry in step. */
  private backoffMs(attempt: number): number {
    return 500 * 2 ** attempt * (1 + Math.random() / 4);
  }

  readonly responses = {
    create: (response: ResponseInput, options?: CallOptions) =>
      this.request<ResponseRecord>('POST', '/v1/responses', { ...options, body: response }),
    /** All or nothing: one bad item rejects the batch (HeedApiError naming e.g. `responses[3].score`). */
    batch: (responses: ResponseInput[], options?: CallOptions) =>
      this.request<ResponseBatchResult>('POST', '/v1/responses/batch', { ...options, body: { responses } }),
    list: (query: ResponseListQuery = {}, options?: CallOptions) =>
      this.request<ResponseList>('GET', '/v1/responses', { ...options, query }),
    get: (id: string, options?: CallOptions) =>
      this.request<ResponseRecord>('GET', `/v1/responses/${encodeURIComponent(id)}`, options),
  };

  readonly feedback = {
    create: (feedback: FeedbackInput, options?: CallOptions) =>
      this.request<FeedbackRecord>('POST', '/v1/feedback', { ...options, body: feedback }),
    list: (query: FeedbackListQuery = {}, options?: CallOptions) =>
      this.request<FeedbackList>('GET', '/v1/feedback', { ...options, query }),
    get: (id: string, options?: CallOptions) =>
      this.request<FeedbackRecord>('GET', `/v1/feedback/${encodeURIComponent(id)}`, options),
  };

  /** Events need a secret key: never call these from a browser. */
  readonly events = {
    create: (event: EventInput, options?: CallOptions) =>
      this.request<EventRecord>('POST', '/v1/events', { ...options, body: event }),
    batch: (events: EventInput[], options?: CallOptions) =>
      this.request<EventBatchResult>('POST', '/v1/events/batch', { ...options, body: { events } }),
  };

  readonly customers = {
    /** Creates the customer or updates the one with this external_id (else email); traits are merged. */
    upsert: (customer: CustomerInput, options?: CallOptions) =>
      this.request<Customer>('POST', '/v1/customers', { ...options, body: customer }),
    list: (query: CustomerListQuery = {}, options?: CallOptions) =>
      this.request<CustomerList>('GET', '/v1/customers', { ...options, query }),
    get: (id: string, options?: CallOptions) =>
      this.request<Customer>('GET', `/v1/customers/${encodeURIComponent(id)}`, options),
  };

  readonly surveys = {
    list: (query: SurveyListQuery = {}, options?: CallOptions) =>
      this.request<SurveyList>('GET', '/v1/surveys', { ...options, query }),
    get: (id: string, options?: CallOptions) =>
      this.request<Survey>('GET', `/v1/surveys/${encodeURIComponent(id)}`, options),
  };

  /** The API declares no answer schema for metrics: their shape is documented in the OpenAPI description. */
  readonly metrics = {
    nps: (query: MetricQuery = {}, options?: CallOptions) =>
      this.request<Record<string, unknown>>('GET', '/v1/metrics/nps', { ...options, query }),
    csat: (query: MetricQuery = {}, options?: CallOptions) =>
      this.request<Record<string, unknown>>('GET', '/v1/metrics/csat', { ...options, query }),
    ces: (query: MetricQuery = {}, options?: CallOptions) =>
      this.request<Record<string, unknown>>('GET', '/v1/metrics/ces', { ...options, query }),
  };

  /** May this survey be shown to this customer now? Nothing is recorded. */
  eligibility(input: EligibilityInput, options?: CallOptions): Promise<Eligibility> {
    return this.request<Eligibility>('POST', '/v1/eligibility', { ...options, body: input });
  }

  /** Records that a survey was shown (it counts towards the fatigue cap and response rates). */
  async recordImpression(input: ImpressionInput, options?: CallOptions): Promise<void> {
    await this.request<unknown>('POST', '/v1/impressions', { ...options, body: input });
  }
}

function problemOf(answer: Response, text: string): Problem {
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (typeof parsed.code === 'string') return { ...parsed, status: answer.status } as Problem;
  } catch {
    // Not a problem document (a proxy's error page): described from the status below.
  }
  return {
    type: 'about:blank',
    title: answer.statusText || 'Error',
    status: answer.status,
    code: `http_${answer.status}`,
    detail: text.slice(0, 500) || undefined,
    requestId: answer.headers.get('x-request-id') ?? undefined,
  };
}
