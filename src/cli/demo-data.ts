// The demo workspace's data as plain values: a seeded simulation of a B2B SaaS over a number of months, no I/O.
//
// The story the metrics should tell: enterprise customers are happier than self-serve ones; a billing
// migration about 60% of the way through causes a dip (billing errors, slow checkout, swamped support)
// and scores then recover; unhappy units churn more; a few large accounts hold most of the revenue.

import { mulberry32 } from '../shared/random.ts';

export const demoSegments = ['enterprise', 'mid-market', 'smb', 'self-serve'] as const;
export type DemoSegment = (typeof demoSegments)[number];
export type DemoPlanName = 'starter' | 'growth' | 'enterprise';
export type DemoSurveyKind = 'nps' | 'csat' | 'ces';
export type DemoChannel = 'email' | 'web' | 'in_app' | 'link' | 'sms';
export type DemoEventType =
  | 'signed_up'
  | 'purchase'
  | 'subscription_started'
  | 'subscription_cancelled'
  | 'churned';

export interface DemoAccount {
  externalId: string;
  name: string;
  plan: DemoPlanName;
  owner?: string;
  traits: Record<string, string | number>;
}

export interface DemoCustomer {
  externalId: string;
  email: string;
  name: string;
  segment: DemoSegment;
  accountExternalId: string | null;
  traits: Record<string, string | number | boolean>;
  signedUpAt: Date;
}

export interface DemoResponse {
  kind: DemoSurveyKind;
  customer: string;
  score: number;
  comment?: string;
  channel: DemoChannel;
  submittedAt: Date;
}

export interface DemoEvent {
  type: DemoEventType;
  customer: string;
  /** Purchases only: minor units (cents) of USD. */
  amount?: number;
  properties?: Record<string, string | number>;
  occurredAt: Date;
}

export interface DemoData {
  from: Date;
  to: Date;
  accounts: DemoAccount[];
  customers: DemoCustomer[];
  responses: DemoResponse[];
  /** Every customer's signed_up first, then the rest; each customer's events are in time order. */
  events: DemoEvent[];
}

export interface DemoDataOptions {
  customers: number;
  months: number;
  seed: number;
  now: Date;
}

const dayMs = 86_400_000;
const monthMs = (365.25 / 12) * dayMs;

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------------------

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of options) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return options[options.length - 1][0];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be −∞
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  /** Poisson by Knuth's method: fine for the small means used here. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Segments
// ---------------------------------------------------------------------------------------------------------

interface SegmentProfile {
  share: number;
  /** Customers per account; self-serve customers have no account. */
  accountSize: [number, number] | null;
  plans: ReadonlyArray<readonly [DemoPlanName, number]>;
  seats: (random: Random) => number;
  /** Invoice every this many months. */
  billingMonths: number;
  trialDays: number;
  /** Latent satisfaction, about 0–1: 0.86 gives an NPS near +45, 0.74 one near −5. */
  satisfaction: number;
  /** How hard the billing migration hits them: card payers more than invoiced enterprises. */
  dipExposure: number;
  churnPerMonth: number;
  /** Surveys answered per month, relative to the others. */
  responsiveness: number;
  channels: ReadonlyArray<readonly [DemoChannel, number]>;
}

const profiles: Record<DemoSegment, SegmentProfile> = {
  enterprise: {
    share: 0.08,
    accountSize: [4, 14],
    plans: [['enterprise', 1]],
    seats: (random) => Math.round(random.logNormal(30, 0.8)) + 10,
    billingMonths: 3,
    trialDays: 0,
    satisfaction: 0.86,
    dipExposure: 0.5,
    churnPerMonth: 0.005,
    responsiveness: 0.8,
    channels: [
      ['email', 6],
      ['in_app', 2],
      ['link', 1.5],
      ['web', 1],
    ],
  },
  'mid-market': {
    share: 0.2,
    accountSize: [2, 6],
    plans: [
      ['growth', 0.7],
      ['enterprise', 0.3],
    ],
    seats: (random) => Math.round(random.logNormal(10, 0.5)) + 3,
    billingMonths: 3,
    trialDays: 0,
    satisfaction: 0.82,
    dipExposure: 0.8,
    churnPerMonth: 0.01,
    responsiveness: 1,
    channels: [
      ['email', 5],
      ['in_app', 3],
      ['web', 1.5],
      ['link', 1],
      ['sms', 0.5],
    ],
  },
  smb: {
    share: 0.3,
    accountSize: [1, 3],
    plans: [
      ['starter', 0.6],
      ['growth', 0.4],
    ],
    seats: (random) => random.int(2, 10),
    billingMonths: 1,
    trialDays: 14,
    satisfaction: 0.78,
    dipExposure: 1.2,
    churnPerMonth: 0.018,
    responsiveness: 1,
    channels: [
      ['email', 4],
      ['in_app', 3],
      ['web', 2],
      ['sms', 1],
      ['link', 1],
    ],
  },
  'self-serve': {
    share: 0.42,
    accountSize: null,
    plans: [
      ['starter', 0.75],
      ['growth', 0.25],
    ],
    seats: () => 1,
    billingMonths: 1,
    trialDays: 14,
    satisfaction: 0.74,
    dipExposure: 1.3,
    churnPerMonth: 0.025,
    responsiveness: 1.1,
    channels: [
      ['in_app', 4],
      ['web', 3],
      ['email', 2],
      ['sms', 1],
      ['link', 1],
    ],
  },
};

/** Monthly price per seat in cents; self-serve pays a flat price for one seat. */
const seatPrice: Record<DemoPlanName, number> = { starter: 1_200, growth: 2_500, enterprise: 4_000 };
const selfServePrice: Record<DemoPlanName, number> = { starter: 2_900, growth: 7_900, enterprise: 14_900 };

const surveyMix: ReadonlyArray<readonly [DemoSurveyKind, number]> = [
  ['nps', 0.3],
  ['csat', 0.45],
  ['ces', 0.25],
];

/** Survey answers per active customer and month: about 50,000 for 2,000 customers over 18 months. */
const responsesPerCustomerMonth = 2.8;

// ---------------------------------------------------------------------------------------------------------
// People and companies
// ---------------------------------------------------------------------------------------------------------

/** Word lists, a line of them at a time: as array literals they would take a line per word. */
const listOf = (separator: string, lines: string[]) => lines.flatMap((line) => line.split(separator));
const firstNames = listOf(' ', [
  'Ana Ben Chloe David Elif Farah Gabriel Hana Ivan Julia Kenji Laura Mateo Nadia Omar Priya Quinn Rosa',
  'Samuel Tara Umar Valentina Wei Ximena Yusuf Zoe Aisha Bruno Carmen Diego Emma Felix Grace Hugo Ines',
  'Jonas Kofi Lena Marco Nora Oscar Paula Raj Sofia Tomas Uma Victor Wanda',
]);
const lastNames = listOf(' ', [
  'Silva Nguyen Okafor Schmidt Rossi Kim Garcia Novak Haddad Johansson Patel Yamamoto Dubois Kowalski',
  'Mensah Fernandez Cohen Larsen Moreau Tanaka Ahmed Becker Costa Deng Eriksen Fischer Gupta Horvat',
  'Ivanova Jensen Khan Lopez Murphy Nakamura Olsen Popescu Quispe Reyes Sato Torres',
]);
const companyWords = listOf(',', [
  'Northwind,Blue Harbor,Summit,Riverstone,Cobalt,Juniper,Ironwood,Brightline,Evergreen,Silverline',
  'Redwood,Granite,Lumen,Orbit,Pioneer,Tidewater,Falcon,Maple,Aurora,Keystone,Copperfield,Westbrook',
  'Halcyon,Sparrow,Meridian',
]);
const companyKinds = listOf(' ', [
  'Logistics Analytics Health Foods Labs Systems Retail Studios Energy Capital Robotics Media',
  'Outfitters Software Travel Insurance',
]);
const industries = listOf(',', [
  'logistics,healthcare,retail,financial services,manufacturing,media,software,education,hospitality',
]);
const countries = [
  ['US', 9],
  ['GB', 3],
  ['DE', 2.5],
  ['FR', 1.5],
  ['CA', 1.5],
  ['BR', 1.2],
  ['IN', 1.2],
  ['AU', 1],
  ['NL', 1],
  ['JP', 0.8],
] as const;
const b2bRoles = ['admin', 'manager', 'analyst', 'engineer', 'support lead', 'finance'] as const;
const accountOwners = ['Dana Whitfield', 'Luis Ortega', 'Mei Chen', 'Tom Brennan', 'Sara Lindqvist'] as const;
const signupSources = {
  enterprise: [
    ['sales', 8],
    ['partner', 2],
  ],
  'mid-market': [
    ['sales', 5],
    ['referral', 2],
    ['organic', 3],
  ],
  smb: [
    ['organic', 5],
    ['referral', 3],
    ['paid', 2],
  ],
  'self-serve': [
    ['organic', 6],
    ['paid', 3],
    ['referral', 2],
  ],
} as const satisfies Record<DemoSegment, ReadonlyArray<readonly [string, number]>>;

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

// ---------------------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------------------

type Sentiment = 'negative' | 'neutral' | 'positive';

/** Complaint topics; the billing migration makes the first three far more common while it lasts. */
type Complaint =
  | 'billing_errors'
  | 'slow_checkout'
  | 'slow_support'
  | 'reporting'
  | 'integrations'
  | 'price'
  | 'bugs'
  | 'sso';

const complaints: Record<Complaint, { nps: string[]; short: string; csat?: string[]; ces?: string[] }> = {
  billing_errors: {
    nps: [
      'We were double-charged this month and it took weeks to sort out.',
      'Billing errors again: the invoice listed seats we never added.',
      'Since the billing change our card gets charged twice. Not acceptable.',
    ],
    short: 'billing has been a mess lately',
    csat: [
      'Still waiting on the refund for the double charge.',
      'Nobody could explain why our invoice was wrong.',
    ],
    ces: [
      'The invoice total did not match the price on the pricing page.',
      'The payment form rejected a card that works everywhere else.',
      'Had to contact support just to fix a wrong charge.',
    ],
  },
  slow_checkout: {
    nps: [
      'Checkout is painfully slow; the payment page hangs for ages.',
      'Upgrading our plan took forever, the checkout just kept spinning.',
      'Slow checkout. I almost gave up paying.',
    ],
    short: 'checkout is slow',
    ces: [
      'Checkout is slow and the page timed out twice.',
      'It took me three attempts to pay.',
      'Too many steps just to add one seat.',
    ],
  },
  slow_support: {
    nps: [
      'Support took days to answer a simple question.',
      'Waited four days for a reply from support.',
      'Support is slow and keeps asking for the same details.',
    ],
    short: 'support can take days',
    csat: [
      'Support took days to reply.',
      'Three days to get an answer about a billing error.',
      'I had to explain the issue three times to different people.',
      'The ticket was closed but the problem is not fixed.',
    ],
  },
  reporting: {
    nps: [
      'The reports are confusing and I cannot export what I need.',
      'Dashboards are hard to read; we still use spreadsheets.',
    ],
    short: 'reporting could be clearer',
    ces: ['Could not find where to download our invoices.'],
  },
  integrations: {
    nps: [
      'Still missing the Salesforce integration we were promised.',
      'No proper Slack integration, so nobody sees the alerts.',
    ],
    short: 'it needs more integrations',
  },
  price: {
    nps: ['Too expensive for what we use.', 'The price went up but the product did not get better.'],
    short: 'it is getting pricey',
    ces: ['The discount code would not apply at checkout.'],
  },
  bugs: {
    nps: ['The app crashes when I open large projects.', 'Too many bugs since the last release.'],
    short: 'there are a few too many bugs',
    csat: ['The workaround support gave me broke something else.'],
  },
  sso: {
    nps: [
      'SSO setup was a nightmare for our IT team.',
      'We need audit logs before security will sign off on a wider rollout.',
    ],
    short: 'SSO and admin controls need work',
  },
};

type Praise =
  | 'onboarding'
  | 'support'
  | 'easy'
  | 'dashboards'
  | 'integrations'
  | 'reliable'
  | 'value'
  | 'csm';

const praises: Record<Praise, { nps: string[]; short: string }> = {
  onboarding: {
    nps: ['Fast onboarding: we were up and running in a day.', 'Onboarding was quick and painless.'],
    short: 'onboarding was quick',
  },
  support: {
    nps: [
      'Great support, they always get back to me within the hour.',
      'The support team is fantastic and knows the product inside out.',
    ],
    short: 'support is friendly',
  },
  easy: {
    nps: ['Easy to use; the whole team picked it up without training.', 'Simple, clean and it just works.'],
    short: 'it is easy to use',
  },
  dashboards: {
    nps: ['The dashboards give us exactly what we need for our weekly review.'],
    short: 'the dashboards are useful',
  },
  integrations: {
    nps: ['The Slack and HubSpot integrations save us hours every week.'],
    short: 'the integrations work well',
  },
  reliable: {
    nps: ['Rock solid. Never had an outage that mattered.', 'Reliable, fast and well thought out.'],
    short: 'it is reliable',
  },
  value: { nps: ['Great value for the price.'], short: 'the price is fair' },
  csm: {
    nps: ['Our customer success manager is brilliant and always a step ahead.'],
    short: 'our account manager is great',
  },
};

const positiveSupport = [
  'Quick, friendly answer: solved on the first reply.',
  'Great support, fixed in minutes.',
  'Clear explanation and a fix the same day.',
  'The agent went the extra mile and followed up the next day.',
];
const neutralSupport = [
  'Got there in the end, but it took a few replies.',
  'Helpful, though the first answer missed the point.',
  'Fine, but I had to wait a while for a reply.',
];
const positiveEffort = [
  'Paid in under a minute.',
  'Adding seats was quick and obvious.',
  'Simple checkout, the saved card made it easy.',
  'Upgrading was painless.',
];
const neutralEffort = [
  'Fine, but the checkout could be faster.',
  'OK once I found the billing page.',
  'Worked, though the invoice page is a bit confusing.',
];

function sentimentOf(kind: DemoSurveyKind, score: number): Sentiment {
  const [low, high] = kind === 'nps' ? [6, 9] : kind === 'csat' ? [2, 4] : [3, 5];
  return score <= low ? 'negative' : score >= high ? 'positive' : 'neutral';
}

// ---------------------------------------------------------------------------------------------------------
// The simulation
// ---------------------------------------------------------------------------------------------------------

interface Unit {
  segment: DemoSegment;
  profile: SegmentProfile;
  plan: DemoPlanName;
  account: DemoAccount | null;
  members: Array<{ customer: DemoCustomer; offset: number }>;
  offset: number;
  monthlyCents: number;
  signedUpAt: Date;
  churnAt: Date | null;
  /** Negative and total answers in the last two months, for the churn hazard. */
  recent: Array<{ at: number; negative: boolean }>;
  complaints: Map<Complaint, number>;
}

export function generateDemoData(options: DemoDataOptions): DemoData {
  const random = new Random(options.seed);
  const to = options.now.getTime();
  const from = to - options.months * monthMs;
  const emails = new Set<string>();
  const companies = new Set<string>();

  const uniqueEmail = (local: string, domain: string) => {
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  };
  const companyName = () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = `${random.pick(companyWords)} ${random.pick(companyKinds)}`;
      if (!companies.has(name)) {
        companies.add(name);
        return name;
      }
    }
    let n = 2;
    const base = `${random.pick(companyWords)} ${random.pick(companyKinds)}`;
    while (companies.has(`${base} ${n}`)) n++;
    companies.add(`${base} ${n}`);
    return `${base} ${n}`;
  };
  /** A third signed up in the year before the window (so retention has a start population), the rest
   * during it, more of them later on (the business is growing). */
  const signupTime = () =>
    random.chance(0.35)
      ? from - random.float() * 12 * monthMs
      : from + Math.sqrt(random.float()) * (to - from - 10 * dayMs);

  // Segments and units (accounts, or one self-serve customer each).
  const units: Unit[] = [];
  const customers: DemoCustomer[] = [];
  const accounts: DemoAccount[] = [];
  let remaining = options.customers;
  for (const [index, segment] of demoSegments.entries()) {
    const profile = profiles[segment];
    const quota =
      index === demoSegments.length - 1 ? remaining : Math.round(options.customers * profile.share);
    remaining -= quota;
    let left = quota;
    while (left > 0) {
      const size = profile.accountSize ? Math.min(left, random.int(...profile.accountSize)) : 1;
      left -= size;
      const plan = random.weighted(profile.plans);
      const seats = Math.max(profile.seats(random), size);
      const country = random.weighted(countries);
      const signedUpAt = signupTime();
      let account: DemoAccount | null = null;
      let domain = random.weighted([
        ['example.com', 3],
        ['example.org', 1],
        ['example.net', 1],
      ]);
      if (profile.accountSize) {
        const name = companyName();
        domain = `${slug(name)}.example.com`;
        account = {
          externalId: `acc_${String(accounts.length + 1).padStart(4, '0')}`,
          name,
          plan,
          owner: segment === 'smb' ? undefined : random.pick(accountOwners),
          traits: { industry: random.pick(industries), seats, country, segment },
        };
        accounts.push(account);
      }
      const monthlyCents = account ? seats * seatPrice[plan] : selfServePrice[plan];
      if (account) account.traits.mrr_usd = Math.round(monthlyCents / 100);
      const unit: Unit = {
        segment,
        profile,
        plan,
        account,
        members: [],
        offset: 0.05 * random.normal(),
        monthlyCents,
        signedUpAt: new Date(signedUpAt),
        churnAt: null,
        recent: [],
        complaints: new Map(),
      };
      for (let member = 0; member < size; member++) {
        const first = random.pick(firstNames);
        const last = random.pick(lastNames);
        // Colleagues join within six weeks of the first one.
        const joined =
          member === 0 ? signedUpAt : Math.min(signedUpAt + random.float() * 42 * dayMs, to - dayMs);
        const customer: DemoCustomer = {
          externalId: `cus_${String(customers.length + 1).padStart(5, '0')}`,
          email: uniqueEmail(`${slug(first)}.${slug(last)}`, domain),
          name: `${first} ${last}`,
          segment,
          accountExternalId: account?.externalId ?? null,
          traits: {
            plan,
            role: account ? (member === 0 ? 'admin' : random.pick(b2bRoles)) : 'owner',
            country,
            signup_source: random.weighted(signupSources[segment]),
            ...(member === 0 ? { billing_contact: true } : {}),
          },
          signedUpAt: new Date(joined),
        };
        customers.push(customer);
        unit.members.push({ customer, offset: 0.07 * random.normal() });
      }
      units.push(unit);
    }
  }

  // Month by month: who churns this month (more likely after negative answers), then what they answer.
  const dipCenter = from + 0.6 * (to - from);
  const dipAt = (time: number) => Math.exp(-0.5 * ((time - dipCenter) / (1.3 * monthMs)) ** 2);
  const trendAt = (time: number) => 0.03 * ((time - from) / (to - from));
  const responses: DemoResponse[] = [];
  const monthCount = Math.ceil(options.months);
  for (let month = 0; month < monthCount; month++) {
    const monthStart = from + month * monthMs;
    const monthEnd = Math.min(from + (month + 1) * monthMs, to);
    for (const unit of units) {
      if (unit.churnAt || unit.signedUpAt.getTime() >= monthEnd) continue;
      unit.recent = unit.recent.filter((answer) => answer.at >= monthStart - 2 * monthMs);
      const negativeShare = unit.recent.length
        ? unit.recent.filter((answer) => answer.negative).length / unit.recent.length
        : 0.2;
      // A unit can leave once its first two months are over (trial and first contract).
      const earliestChurn = Math.max(monthStart, unit.signedUpAt.getTime() + 2 * monthMs);
      if (earliestChurn < monthEnd - dayMs) {
        const hazard = unit.profile.churnPerMonth * (0.4 + 6 * negativeShare);
        if (random.chance(hazard * ((monthEnd - earliestChurn) / monthMs)))
          unit.churnAt = new Date(random.between(earliestChurn, monthEnd - dayMs));
      }
      const until = Math.min(monthEnd, unit.churnAt?.getTime() ?? monthEnd);
      for (const member of unit.members) {
        const start = Math.max(monthStart, member.customer.signedUpAt.getTime() + 3 * dayMs);
        if (start >= until) continue;
        const mean = responsesPerCustomerMonth * unit.profile.responsiveness * ((until - start) / monthMs);
        for (let count = random.poisson(mean); count > 0; count--) {
          const at = random.between(start, until);
          const kind = random.weighted(surveyMix);
          const dip = dipAt(at) * unit.profile.dipExposure;
          // Now and then something simply goes wrong (more often during the dip): the 0–3s and the 1-star CSATs.
          const badDay = random.chance(0.04 * (1 + 2 * dip)) ? random.between(0.2, 0.5) : 0;
          const latent =
            unit.profile.satisfaction +
            unit.offset +
            member.offset +
            trendAt(at) -
            0.09 * dip -
            (kind === 'ces' ? 0.05 * dip : 0) -
            badDay +
            // Single support contacts vary more than the relationship as a whole.
            (kind === 'nps' ? 0.13 : 0.17) * random.normal();
          const score =
            kind === 'nps'
              ? clamp(Math.round(10 * latent), 0, 10)
              : kind === 'csat'
                ? clamp(Math.round(1 + 4 * latent + 0.1), 1, 5)
                : clamp(Math.round(1 + 6 * latent - 0.3), 1, 7);
          const sentiment = sentimentOf(kind, score);
          const response: DemoResponse = {
            kind,
            customer: member.customer.externalId,
            score,
            channel: random.weighted(unit.profile.channels),
            submittedAt: new Date(at),
          };
          const comment = commentFor(random, kind, sentiment, unit, dip);
          if (comment) response.comment = comment;
          responses.push(response);
          unit.recent.push({ at, negative: sentiment === 'negative' });
        }
      }
    }
  }
  responses.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());

  // Events: signed_up for everyone first (it creates the customer), then each unit's lifecycle and invoices.
  const events: DemoEvent[] = customers.map((customer) => ({
    type: 'signed_up',
    customer: customer.externalId,
    properties: { source: String(customer.traits.signup_source) },
    occurredAt: customer.signedUpAt,
  }));
  let invoice = 0;
  for (const unit of units) {
    const payer = unit.members[0].customer.externalId;
    const subscribedAt = unit.signedUpAt.getTime() + unit.profile.trialDays * dayMs;
    const cancelledAt = unit.churnAt
      ? Math.max(subscribedAt + dayMs, unit.churnAt.getTime() - random.float() * 14 * dayMs)
      : null;
    const end = cancelledAt ?? to;
    if (subscribedAt >= end) continue;
    const billing = unit.profile.billingMonths === 1 ? 'monthly' : 'quarterly';
    events.push({
      type: 'subscription_started',
      customer: payer,
      properties: { plan: unit.plan, billing, seats: unit.account ? Number(unit.account.traits.seats) : 1 },
      occurredAt: new Date(subscribedAt),
    });
    // Accounts grow a little each period they stay; enterprises also buy onboarding and training.
    const growth = unit.account ? random.between(0, unit.segment === 'enterprise' ? 0.04 : 0.02) : 0;
    for (let period = 0; ; period++) {
      const at = subscribedAt + period * unit.profile.billingMonths * monthMs;
      if (at >= end) break;
      invoice++;
      events.push({
        type: 'purchase',
        customer: payer,
        amount: Math.round(unit.monthlyCents * unit.profile.billingMonths * (1 + growth) ** period),
        properties: {
          plan: unit.plan,
          kind: 'subscription',
          invoice: `INV-${String(invoice).padStart(6, '0')}`,
        },
        occurredAt: new Date(at),
      });
    }
    if (unit.segment === 'enterprise' && random.chance(0.6) && subscribedAt + 30 * dayMs < end) {
      invoice++;
      events.push({
        type: 'purchase',
        customer: payer,
        amount: Math.round(random.logNormal(1_200_000, 0.6)),
        properties: { plan: unit.plan, kind: 'services', invoice: `INV-${String(invoice).padStart(6, '0')}` },
        occurredAt: new Date(subscribedAt + random.between(7, 30) * dayMs),
      });
    }
    if (cancelledAt !== null && unit.churnAt) {
      events.push({
        type: 'subscription_cancelled',
        customer: payer,
        properties: { plan: unit.plan, reason: churnReason(random, unit) },
        occurredAt: new Date(cancelledAt),
      });
      for (const member of unit.members)
        events.push({ type: 'churned', customer: member.customer.externalId, occurredAt: unit.churnAt });
    }
  }

  return { from: new Date(from), to: new Date(to), accounts, customers, responses, events };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function commentFor(
  random: Random,
  kind: DemoSurveyKind,
  sentiment: Sentiment,
  unit: Unit,
  dip: number,
): string | undefined {
  const commentRate = { negative: 0.7, neutral: 0.35, positive: 0.45 }[sentiment];
  if (!random.chance(commentRate)) return undefined;
  if (sentiment === 'positive') {
    if (kind === 'csat') return random.pick(positiveSupport);
    if (kind === 'ces') return random.pick(positiveEffort);
    return random.pick(praises[pickPraise(random, unit)].nps);
  }
  const complaint = pickComplaint(random, kind, unit, dip);
  if (sentiment === 'negative') unit.complaints.set(complaint, (unit.complaints.get(complaint) ?? 0) + 1);
  if (sentiment === 'neutral') {
    if (kind === 'csat') return random.pick(neutralSupport);
    if (kind === 'ces') return random.pick(neutralEffort);
    const praise = praises[pickPraise(random, unit)].short;
    return `${praise[0].toUpperCase()}${praise.slice(1)}, but ${complaints[complaint].short}.`;
  }
  const texts = complaints[complaint][kind] ?? complaints[complaint].nps;
  return random.pick(texts);
}

function pickComplaint(random: Random, kind: DemoSurveyKind, unit: Unit, dip: number): Complaint {
  // The billing migration makes billing, checkout and the support backlog dominate while it lasts.
  const surge = 1 + 6 * dip;
  if (kind === 'csat')
    return random.weighted([
      ['slow_support', 5 * (1 + dip)],
      ['billing_errors', surge],
      ['bugs', 1],
    ]);
  if (kind === 'ces')
    return random.weighted([
      ['slow_checkout', 3 * surge],
      ['billing_errors', 2 * surge],
      ['reporting', 1],
      ['price', 1],
    ]);
  return random.weighted<Complaint>([
    ['billing_errors', surge],
    ['slow_checkout', surge],
    ['slow_support', 1.5 * (1 + dip)],
    ['reporting', unit.segment === 'self-serve' ? 0.5 : 1.5],
    ['integrations', unit.segment === 'self-serve' ? 0.5 : 1.5],
    ['price', unit.segment === 'self-serve' || unit.segment === 'smb' ? 2 : 0.5],
    ['bugs', 1],
    ['sso', unit.segment === 'enterprise' ? 2 : 0],
  ]);
}

function pickPraise(random: Random, unit: Unit): Praise {
  return random.weighted<Praise>([
    ['onboarding', 2],
    ['support', 2],
    ['easy', unit.segment === 'self-serve' ? 3 : 1.5],
    ['dashboards', 1.5],
    ['integrations', unit.segment === 'self-serve' ? 0.5 : 1.5],
    ['reliable', 1],
    ['value', unit.segment === 'self-serve' ? 1.5 : 0.5],
    ['csm', unit.segment === 'enterprise' ? 2 : unit.segment === 'mid-market' ? 0.5 : 0],
  ]);
}

const reasonOf: Record<Complaint, string> = {
  billing_errors: 'billing_issues',
  slow_checkout: 'billing_issues',
  slow_support: 'poor_support',
  reporting: 'missing_features',
  integrations: 'missing_features',
  price: 'too_expensive',
  bugs: 'product_quality',
  sso: 'missing_features',
};

/** The reason a unit gives when it cancels: what it complained about most, else a common outside reason. */
function churnReason(random: Random, unit: Unit): string {
  const [top] = [...unit.complaints.entries()].sort((a, b) => b[1] - a[1]);
  if (top && random.chance(0.8)) return reasonOf[top[0]];
  return random.weighted([
    ['too_expensive', 3],
    ['switched_competitor', 2],
    ['budget_cuts', 2],
    ['company_closed', 1],
  ]);
}
