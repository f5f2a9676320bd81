// A workspace with one of everything (surveys of each kind, customers, an account, a response, feedback,
// an event, an extra key), created through the API, and the ids a suite needs to aim requests at them.
import type { Harness, TestWorkspace } from './harness.ts';

export interface SeededCustomer {
  id: string;
  externalId: string;
  email: string;
}

export interface SeededWorkspace extends TestWorkspace {
  label: string;
  surveys: { nps: string; csat: string; ces: string; custom: string; archived: string };
  customer: SeededCustomer;
  /** A second customer, whose email a request may try to give the first one. */
  otherCustomer: SeededCustomer;
  account: { id: string; externalId: string };
  responseId: string;
  feedbackId: string;
  eventId: string;
  /** A tag, an auto-tag rule for it, and the re-analysis run the rule queued. */
  tagId: string;
  ruleId: string;
  runId: string;
  keyIds: { secret: string; publishable: string; extra: string };
  /** An owner who signs in with a password. */
  member: { id: string; email: string };
  /** An Idempotency-Key already used (to create the extra key): reusing it for another request is refused. */
  usedIdempotencyKey: string;
  /** Texts only this workspace holds: they must never appear in another workspace's answers. */
  privateTexts: string[];
}

async function created<Body>(what: string, answer: Promise<{ status: number; body: Body }>): Promise<Body> {
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`seeding ${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export async function seedWorkspace(h: Harness, label: string): Promise<SeededWorkspace> {
  const ws = await h.createWorkspace(`Workspace ${label}`);
  const post = <Body = { id: string }>(path: string, body: unknown, headers?: Record<string, string>) =>
    created<Body>(`${path} in ${label}`, h.api<Body>('POST', path, { key: ws.secretKey, body, headers }));
  const survey = (body: Record<string, unknown>) => post('/v1/surveys', body).then((s) => s.id);

  const surveys = {
    nps: await survey({ kind: 'nps', name: `${label} NPS`, product_name: `${label}Product` }),
    csat: await survey({ kind: 'csat', name: `${label} CSAT`, scale: '1-5' }),
    ces: await survey({ kind: 'ces', name: `${label} CES` }),
    custom: await survey({
      kind: 'custom',
      name: `${label} onboarding`,
      rating: { min: 1, max: 5 },
      questions: [
        { id: 'reason', type: 'text', prompt: 'Why?' },
        { id: 'plan', type: 'single_choice', prompt: 'Which plan?', options: ['free', 'pro'] },
        { id: 'ease', type: 'rating', prompt: 'How easy?', min: 1, max: 7 },
      ],
    }),
    archived: await survey({ kind: 'nps', name: `${label} old NPS` }),
  };
  const archived = await h.api('POST', `/v1/surveys/${surveys.archived}/archive`, { key: ws.secretKey });
  if (archived.status !== 200) throw new Error(`archiving a survey in ${label} answered ${archived.status}`);

  const lower = label.toLowerCase();
  const account = { externalId: `${label}-account-1`, id: '' };
  account.id = (await post('/v1/accounts', { external_id: account.externalId, name: `${label} Corp` })).id;
  const customer = { externalId: `${label}-customer-1`, email: `first@${lower}.example`, id: '' };
  customer.id = (
    await post('/v1/customers', {
      external_id: customer.externalId,
      email: customer.email,
      name: `${label} First Customer`,
      segment: 'enterprise',
      traits: { favourite: `${label}-trait-value` },
      account: { external_id: account.externalId },
    })
  ).id;
  const otherCustomer = { externalId: `${label}-customer-2`, email: `second@${lower}.example`, id: '' };
  otherCustomer.id = (
    await post('/v1/customers', { external_id: otherCustomer.externalId, email: otherCustomer.email })
  ).id;

  const privateTexts = [`${label}-private-comment`, `${label}-private-feedback`, `${label}-trait-value`];
  const responseId = (
    await post('/v1/responses', {
      survey_id: surveys.nps,
      score: 9,
      comment: privateTexts[0],
      customer: { id: customer.id },
      metadata: { source: `${label}-metadata` },
    })
  ).id;
  const feedbackId = (
    await post('/v1/feedback', { text: privateTexts[1], customer: { external_id: customer.externalId } })
  ).id;
  const eventId = (
    await post('/v1/events', {
      type: 'purchase',
      amount: 1999,
      currency: 'USD',
      customer: { id: customer.id },
    })
  ).id;
  const tagId = (await post('/v1/tags', { name: `${label} tag` })).id;
  const rule = await post<{ rule: { id: string }; run: { id: string } }>('/v1/tag-rules', {
    tag_id: tagId,
    match: 'keyword',
    pattern: `${lower}word`,
  });
  const usedIdempotencyKey = `${label}-used-idempotency-key`;
  const extra = await post<{ id: string }>(
    '/v1/keys',
    { kind: 'secret', name: `${label} extra key` },
    { 'idempotency-key': usedIdempotencyKey },
  );
  const keys = await h.api<{ data: Array<{ id: string; kind: string; name: string }> }>('GET', '/v1/keys', {
    key: ws.secretKey,
  });
  const keyNamed = (name: string) => {
    const key = keys.body.data.find((k) => k.name === name);
    if (!key) throw new Error(`no key named ${name} in ${label}`);
    return key.id;
  };
  const owner = await h.services.members.createOwner(ws.id, {
    email: `owner-${ws.id.slice(-12)}@${label.toLowerCase()}.example`,
    name: `${label} owner`,
  });
  return {
    ...ws,
    label,
    member: { id: owner.member.id, email: owner.member.email },
    surveys,
    customer,
    otherCustomer,
    account,
    responseId,
    feedbackId,
    eventId,
    tagId,
    ruleId: rule.rule.id,
    runId: rule.run.id,
    keyIds: { secret: keyNamed('Admin key'), publishable: keyNamed('Browser key'), extra: extra.id },
    usedIdempotencyKey,
    privateTexts,
  };
}

/** A real id of the workspace for each collection a route path names (/v1/surveys/{id} → a survey). */
export function idsByCollection(ws: SeededWorkspace): Record<string, string> {
  return {
    surveys: ws.surveys.nps,
    customers: ws.customer.id,
    accounts: ws.account.id,
    responses: ws.responseId,
    feedback: ws.feedbackId,
    events: ws.eventId,
    keys: ws.keyIds.extra,
    members: ws.member.id,
    themes: ws.tagId,
    tags: ws.tagId,
    'tag-rules': ws.ruleId,
    'analysis-runs': ws.runId,
  };
}

/** Every id, external id and email of the workspace, and its private texts: what must not leak. */
export function identifiersOf(ws: SeededWorkspace): string[] {
  return [
    ws.id,
    ...Object.values(ws.surveys),
    ws.customer.id,
    ws.customer.externalId,
    ws.customer.email,
    ws.otherCustomer.id,
    ws.otherCustomer.externalId,
    ws.otherCustomer.email,
    ws.account.id,
    ws.account.externalId,
    ws.responseId,
    ws.feedbackId,
    ws.eventId,
    ...Object.values(ws.keyIds),
    ws.member.id,
    ws.member.email,
    ...ws.privateTexts,
  ];
}
