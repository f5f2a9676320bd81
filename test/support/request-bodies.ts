// Request bodies for the write routes, aimed at a seeded workspace: ones the API must accept, and ones that
// pass the schema yet must be refused deeper down (by a refinement or the service), keyed "METHOD /path".
import fc from 'fast-check';
import type { SeededWorkspace } from './seed-workspace.ts';

export type Body = Record<string, unknown>;
type BodyArbitraries = Record<string, (ws: SeededWorkspace) => fc.Arbitrary<Body>>;

/** Text a person might type: a few scripts and an emoji (a surrogate pair), never blank, never NUL. */
export const humanText = fc
  .string({
    unit: fc.constantFrom('a', 'Z', 'q', '0', '7', ' ', '-', '_', '.', 'é', 'ß', '中', 'ж', '😀'),
    minLength: 1,
    maxLength: 20,
  })
  .filter((text) => text.trim().length > 0);

const freshId = fc.uuid({ version: 4 });
const freshExternalId = freshId.map((id) => `fresh-${id}`);
const freshEmail = freshId.map((id) => `${id.slice(0, 8)}@fresh.example`);
const instant = fc
  .date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const channel = fc.constantFrom('link', 'web', 'in_app', 'email', 'sms', 'api', 'chat', 'phone', 'other');
const smallObject = fc.dictionary(
  fc.constantFrom('plan', 'seats', 'region', 'tags'),
  fc.oneof(humanText, fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.array(humanText, { maxLength: 3 })),
  { maxKeys: 3 },
);

/** Optional fields: each present or absent. */
const some = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Body>;
const merged = (...parts: fc.Arbitrary<Body>[]) =>
  fc.tuple(...parts).map((bodies) => Object.assign({}, ...bodies) as Body);

/** A reference to a customer the API can resolve: an existing one by id, external id or email, or a new one. */
export function customerRef(ws: SeededWorkspace): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constant({ id: ws.customer.id }),
    fc.constant({ external_id: ws.customer.externalId }),
    fc.constant({ email: ws.customer.email }),
    merged(
      freshExternalId.map((external_id) => ({ external_id })),
      some({ name: humanText, segment: humanText, traits: smallObject }),
    ),
    freshEmail.map((email) => ({ email })),
  );
}

/** A response item answering one of the workspace's active surveys within its scale. */
function responseItem(ws: SeededWorkspace, customer: fc.Arbitrary<Body>): fc.Arbitrary<Body> {
  const answers = some({
    reason: humanText,
    plan: fc.constantFrom('free', 'pro'),
    ease: fc.integer({ min: 1, max: 7 }),
  });
  const answered = fc.oneof(
    fc.integer({ min: 0, max: 10 }).map((score) => ({ survey_id: ws.surveys.nps, score })),
    fc.integer({ min: 1, max: 5 }).map((score) => ({ survey_id: ws.surveys.csat, score })),
    fc.integer({ min: 1, max: 7 }).map((score) => ({ survey_id: ws.surveys.ces, score })),
    merged(
      fc.constant({ survey_id: ws.surveys.custom }),
      some({ score: fc.integer({ min: 1, max: 5 }), answers }),
    ),
  );
  return merged(
    answered,
    some({ comment: humanText, channel, customer, metadata: smallObject, submitted_at: instant }),
  );
}

function eventItem(customer: fc.Arbitrary<Body>): fc.Arbitrary<Body> {
  const kind = fc.oneof(
    fc
      .constantFrom('signed_up', 'subscription_started', 'subscription_cancelled', 'churned')
      .map((type) => ({ type })),
    fc
      .record({
        amount: fc.integer({ min: 0, max: 1_000_000 }),
        currency: fc.constantFrom('USD', 'EUR', 'JPY'),
      })
      .map((purchase) => ({ type: 'purchase', ...purchase })),
    humanText.map((name) => ({ type: 'custom', name })),
  );
  return merged(
    kind,
    customer.map((ref) => ({ customer: ref })),
    some({ properties: smallObject, occurred_at: instant }),
  );
}

const question = (id: string) =>
  fc.oneof(
    fc.constant({ id, type: 'text', prompt: `What about ${id}?` }),
    fc.constant({ id, type: 'single_choice', prompt: 'Pick one', options: ['yes', 'no'] }),
    fc.constant({ id, type: 'multi_choice', prompt: 'Pick some', options: ['a', 'b', 'c'], required: true }),
    fc.constant({
      id,
      type: 'rating',
      prompt: 'Rate it',
      min: 1,
      max: 5,
      show_if: { score_min: 0, score_max: 6 },
    }),
  );

/** Bodies each route accepts (some create, some update): the base every fault is applied to. */
export const validBodies: BodyArbitraries = {
  'PATCH /v1/workspace': () =>
    some({ name: humanText, currency: fc.constantFrom('USD', 'EUR', 'GBP'), pii_redaction: fc.boolean() }),
  'POST /v1/tags': () => freshId.map((id) => ({ name: `tag ${id}` })),
  'PATCH /v1/themes/{id}': () => freshId.map((id) => ({ label: `label ${id}` })),
  'POST /v1/tag-rules': (ws) =>
    fc.oneof(
      freshId.map((id) => ({ tag_id: ws.tagId, match: 'phrase', pattern: `words ${id}` })),
      freshId.map((id) => ({ tag_id: ws.tagId, match: 'keyword', pattern: `w${id.slice(0, 8)}` })),
    ),
  'POST /v1/responses/{id}/tags': (ws) => fc.constant({ tag_id: ws.tagId }),
  'POST /v1/feedback/{id}/tags': (ws) => fc.constant({ tag_id: ws.tagId }),
  'POST /v1/analysis-runs': () => fc.constantFrom('reanalyze', 'retheme').map((kind) => ({ kind })),
  'POST /v1/keys': () => fc.record({ kind: fc.constantFrom('publishable', 'secret'), name: humanText }),
  // A secret key acts like an admin: it invites every role but owner.
  'POST /v1/members/invitations': () =>
    fc.record({ email: freshEmail, role: fc.constantFrom('admin', 'analyst', 'agent', 'viewer') }),
  'POST /v1/customers': (ws) =>
    merged(
      fc.oneof<fc.Arbitrary<Body>[]>(
        fc.constant({ external_id: ws.customer.externalId }),
        fc
          .record({ external_id: freshExternalId }, { requiredKeys: [] })
          .chain(
            (identity): fc.Arbitrary<Body> =>
              identity.external_id === undefined
                ? freshEmail.map((email) => ({ email }))
                : some({ email: freshEmail }).map((email) => ({ ...identity, ...email })),
          ),
      ),
      some({
        name: humanText,
        segment: humanText,
        traits: smallObject,
        account: fc.oneof(
          fc.constant({ external_id: ws.account.externalId }),
          freshExternalId.map((external_id) => ({ external_id, plan: 'pro' })),
        ),
      }),
    ),
  'POST /v1/accounts': (ws) =>
    merged(
      fc.oneof(fc.constant(ws.account.externalId), freshExternalId).map((external_id) => ({ external_id })),
      some({ name: humanText, plan: humanText, owner: humanText, traits: smallObject }),
    ),
  'POST /v1/surveys': () =>
    merged(
      fc.oneof(
        fc.constant({ kind: 'nps' }),
        fc.constant({ kind: 'ces' }),
        some({ scale: fc.constantFrom('1-5', '1-10', '5-star') }).map((extra) => ({
          kind: 'csat',
          ...extra,
        })),
        fc
          .record(
            {
              rating: fc.constant({ min: 0, max: 10 }),
              questions: fc.tuple(question('first'), question('second')).map((pair) => [...pair]),
            },
            { requiredKeys: [] },
          )
          .map((extra) => ({ kind: 'custom', ...extra })),
      ),
      humanText.map((name) => ({ name })),
      some({ language: fc.constantFrom('en', 'pt-BR', 'de'), product_name: humanText, question: humanText }),
    ),
  'POST /v1/responses': (ws) => responseItem(ws, customerRef(ws)),
  'POST /v1/responses/batch': (ws) =>
    fc
      .array(responseItem(ws, customerRef(ws)), { minLength: 1, maxLength: 6 })
      .map((responses) => ({ responses })),
  'POST /v1/feedback': (ws) =>
    merged(
      humanText.map((text) => ({ text })),
      some({
        channel,
        source: humanText,
        customer: customerRef(ws),
        metadata: smallObject,
        submitted_at: instant,
      }),
    ),
  'POST /v1/events': (ws) => eventItem(customerRef(ws)),
  'PATCH /v1/surveys/{id}': () =>
    some({
      name: humanText,
      sample_rate: fc.constantFrom(0.25, 0.5, 1),
      response_quota: fc.constantFrom(null, 1_000_000),
    }),
  'POST /v1/links': (ws) =>
    merged(
      fc.constant({ survey_id: ws.surveys.nps, respect_fatigue: false }),
      some({
        customer: customerRef(ws),
        channel: fc.constantFrom('link', 'email', 'sms'),
        single_use: fc.boolean(),
        expires_in_days: fc.integer({ min: 1, max: 365 }),
      }),
    ),
  'POST /v1/contacts': (ws) =>
    merged(
      fc.record({
        survey_id: fc.constant(ws.surveys.nps),
        channel: fc.constantFrom('email', 'sms', 'web'),
        kind: fc.constantFrom('shown', 'sent', 'bounced'),
      }),
      some({ customer: customerRef(ws), at: instant }),
    ),
  'POST /v1/eligibility': (ws) =>
    merged(
      fc.constant({ survey_id: ws.surveys.nps }),
      some({ customer: customerRef(ws), sample: fc.double({ min: 0, max: 0.99, noNaN: true }) }),
    ),
  'POST /v1/impressions': (ws) =>
    merged(
      fc.constant({ survey_id: ws.surveys.nps }),
      some({ customer: customerRef(ws), channel: fc.constantFrom('web', 'in_app') }),
    ),
  'POST /v1/surveys/{id}/emails': (ws) =>
    merged(
      fc
        .array(customerRef(ws), { minLength: 1, maxLength: 3 })
        .map((customers) => ({ customers, respect_fatigue: false })),
      some({ subject: humanText, intro: humanText }),
    ),
  'POST /v1/events/batch': (ws) =>
    fc.array(eventItem(customerRef(ws)), { minLength: 1, maxLength: 6 }).map((events) => ({ events })),
};

/** A reference that cannot resolve: an unknown id, or a new external id given another customer's email. */
function badCustomerRef(ws: SeededWorkspace): fc.Arbitrary<Body> {
  return fc.oneof(
    freshId.map((id) => ({ id })),
    fc.constant({ id: ws.id }),
    freshExternalId.map((external_id) => ({ external_id, email: ws.otherCustomer.email })),
  );
}

/** A new customer each: if a refused request left any of them behind, the row count would show it. */
const newCustomer = freshExternalId.map((external_id) => ({ external_id, name: 'Left behind?' }));

function badResponseItem(ws: SeededWorkspace): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constant({ survey_id: ws.surveys.nps }),
    fc.constant({ survey_id: ws.surveys.nps, score: null }),
    fc.constantFrom(0, 6, 7, 10).map((score) => ({ survey_id: ws.surveys.csat, score })),
    fc.constantFrom(0, 8, 10).map((score) => ({ survey_id: ws.surveys.ces, score })),
    fc.constant({ survey_id: ws.surveys.archived, score: 9 }),
    freshId.map((survey_id) => ({ survey_id, score: 5 })),
    fc.constant({ survey_id: ws.customer.id, score: 5 }),
    fc.constant({ survey_id: ws.surveys.custom, answers: { unknown_question: 'x' } }),
    fc
      .constantFrom({ plan: 'enterprise' }, { ease: 9 }, { ease: 2.5 }, { reason: 5 }, { plan: ['free'] })
      .map((answers) => ({ survey_id: ws.surveys.custom, answers })),
    badCustomerRef(ws).map((customer) => ({ survey_id: ws.surveys.nps, score: 5, customer })),
  );
}

function badEventItem(ws: SeededWorkspace): fc.Arbitrary<Body> {
  const customer = { external_id: ws.customer.externalId };
  return fc.oneof(
    fc.constant({ type: 'purchase', amount: 100, customer }),
    fc.constant({ type: 'purchase', currency: 'USD', customer }),
    fc.constant({ type: 'signed_up', amount: 100, currency: 'USD', customer }),
    fc.constant({ type: 'custom', customer }),
    badCustomerRef(ws).map((ref) => ({ type: 'signed_up', customer: ref })),
  );
}

/** Good items around one bad one, each good one creating a customer: all or nothing means none of them. */
const batchAround = (good: fc.Arbitrary<Body>, bad: fc.Arbitrary<Body>) =>
  fc
    .tuple(fc.array(good, { maxLength: 3 }), bad, fc.array(good, { maxLength: 3 }))
    .map(([before, item, after]) => [...before, item, ...after]);

/** Bodies that pass the JSON schema but must still be refused, by a refinement or by the service. */
export const refusedBodies: BodyArbitraries = {
  'PATCH /v1/workspace': () => fc.constantFrom({ name: '   ' }, { name: '\t\n' }),
  'POST /v1/tags': (ws) => fc.constantFrom({ name: '  ' }, { name: `${ws.label} tag` }),
  'POST /v1/tag-rules': (ws) =>
    fc.oneof(
      fc.constant({ tag_id: ws.tagId, match: 'keyword', pattern: 'two words' }),
      fc.constant({ tag_id: ws.tagId, match: 'phrase', pattern: '   ' }),
      fc.constant({ tag_id: ws.tagId, match: 'keyword', pattern: `${ws.label.toLowerCase()}word` }),
      freshId.map((tag_id) => ({ tag_id, match: 'phrase', pattern: 'late delivery' })),
      fc.constant({ tag_id: ws.surveys.nps, match: 'phrase', pattern: 'late delivery' }),
    ),
  'POST /v1/responses/{id}/tags': (ws) =>
    fc.oneof(
      freshId.map((tag_id) => ({ tag_id })),
      fc.constant({ tag_id: ws.surveys.nps }),
    ),
  'POST /v1/keys': () => fc.constant({ kind: 'secret', name: '  ' }),
  // Only an owner may invite an owner; a secret key acts like an admin.
  'POST /v1/members/invitations': () => freshEmail.map((email) => ({ email, role: 'owner' })),
  'POST /v1/customers': (ws) =>
    fc.oneof(
      fc.constant({ name: 'No identity' }),
      freshExternalId.map((external_id) => ({
        external_id,
        email: ws.otherCustomer.email,
        account: { external_id: `${external_id}-account` },
      })),
    ),
  'POST /v1/accounts': () => fc.constant({ external_id: 'big-traits', traits: { blob: 'x'.repeat(40_000) } }),
  'POST /v1/surveys': () =>
    fc.constantFrom(
      { kind: 'nps', name: 'N', scale: '1-5' },
      { kind: 'csat', name: 'C', rating: { min: 1, max: 5 } },
      { kind: 'custom', name: 'C', rating: { min: 5, max: 5 } },
      { kind: 'custom', name: 'C', questions: [{ id: 'score', type: 'text', prompt: 'Clash' }] },
      {
        kind: 'custom',
        name: 'C',
        questions: [
          { id: 'twice', type: 'text', prompt: 'One' },
          { id: 'twice', type: 'text', prompt: 'Two' },
        ],
      },
      { kind: 'custom', name: 'C', questions: [{ id: 'r', type: 'rating', prompt: 'R', min: 5, max: 2 }] },
      { kind: 'nps', name: '   ' },
    ),
  'POST /v1/responses': (ws) => badResponseItem(ws),
  'POST /v1/responses/batch': (ws) =>
    batchAround(
      newCustomer.map((customer) => ({ survey_id: ws.surveys.nps, score: 8, customer })),
      badResponseItem(ws),
    ).map((responses) => ({ responses })),
  'POST /v1/feedback': (ws) =>
    fc.oneof(
      fc.constant({ text: '  \n ' }),
      badCustomerRef(ws).map((customer) => ({ text: 'Fine words', customer })),
    ),
  'POST /v1/events': (ws) => badEventItem(ws),
  'POST /v1/events/batch': (ws) =>
    batchAround(
      newCustomer.map((customer) => ({ type: 'signed_up', customer })),
      badEventItem(ws),
    ).map((events) => ({ events })),
};
