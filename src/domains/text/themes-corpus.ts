// A seeded synthetic corpus of customer comments with planted topics, for the theme tests and benchmark.
import { mulberry32 } from '../../shared/random.ts';

/** A topic planted in the corpus: how often it is written about, and the words that name it. */
export interface PlantedTopic {
  key: string;
  /** Share of all comments that are about this topic. */
  share: number;
  /** Lemmas that name the topic: a theme that stands for it should be labelled with one of them. */
  names: string[];
}

export interface CorpusComment {
  text: string;
  /** Keys of the topics planted in this comment: none for noise, two for a few. */
  topics: string[];
}

interface TopicWriting extends PlantedTopic {
  /** What the comment talks about; "{s}" in a template. */
  subjects: string[];
  /** What it says about it; "{p}" in a template. */
  predicates: string[];
  /** Whole sentences, for variety beyond subject + predicate. */
  sentences: string[];
  /** Sentences about the topic that name none of its words: no phrase-based method can place them. */
  implicit: string[];
}

// Each topic is written with varied vocabulary: several subjects per topic, some of which do not contain the
// topic's main word ("shopping cart"), and words shared across topics and noise ("page", "app", "team",
// "account", "plan") so that a word appearing everywhere has to be told apart from a topic.
const TOPICS: TopicWriting[] = [
  {
    key: 'checkout',
    share: 0.2,
    names: ['checkout'],
    subjects: [
      'checkout',
      'checkout page',
      'checkout process',
      'checkout flow',
      'checkout button',
      'shopping cart',
    ],
    predicates: [
      'was really slow',
      'took forever to load',
      'keeps timing out',
      'froze twice',
      'is painfully slow',
    ],
    sentences: [
      'I gave up at the checkout.',
      'Please speed up the checkout.',
      'Why does checkout take so long?',
      'My cart emptied itself during checkout.',
      'Paying at checkout took five minutes.',
    ],
    implicit: ['It took forever to pay.', 'Paying should not take ten clicks.'],
  },
  {
    key: 'support',
    share: 0.14,
    names: ['support', 'agent', 'staff'],
    subjects: [
      'support team',
      'support staff',
      'customer support',
      'support agent',
      'support',
      'support chat',
    ],
    predicates: [
      'was rude',
      'never replied',
      'was incredibly helpful',
      'took days to answer',
      'kept transferring me',
    ],
    sentences: [
      'Nobody from support called me back.',
      'The agent I spoke to was lovely.',
      'Your support staff deserve a raise.',
      'I waited an hour for a support agent.',
    ],
    implicit: ['Nobody answers the phone.', 'Still waiting for a reply to my email.'],
  },
  {
    key: 'billing',
    share: 0.1,
    names: ['invoice', 'billing'],
    subjects: ['invoice', 'monthly invoice', 'billing', 'billing page', 'invoice total', 'last invoice'],
    predicates: ['was wrong again', 'showed the wrong amount', 'is confusing', 'did not match my plan'],
    sentences: [
      'I was billed twice and the invoice shows both charges.',
      'Please send invoices in euros.',
      'Billing charged my old card.',
      'The invoices never arrive by email.',
    ],
    implicit: ['I was charged twice this month.', 'Why was I billed for a cancelled plan?'],
  },
  {
    key: 'crashes',
    share: 0.07,
    names: ['crash'],
    subjects: ['app crashes', 'constant crashes', 'crash', 'random crash', 'crash on startup'],
    predicates: ['happened again today', 'lost my work', 'make the app unusable', 'started after the update'],
    sentences: [
      'The app crashes every time I open the camera.',
      'Crashes on startup since the last update.',
      'Another crash while uploading photos.',
      'The mobile app crashes when I switch accounts.',
    ],
    implicit: ['It keeps crashing.', 'It closes itself whenever I open it.'],
  },
  {
    key: 'pricing',
    share: 0.06,
    names: ['price', 'pricing'],
    subjects: ['price', 'pricing', 'subscription price', 'pricing plan', 'price increase', 'new pricing'],
    predicates: ['is too high', 'went up again', 'is not worth it', 'is hard to understand', 'is fair'],
    sentences: [
      'Prices went up without any warning.',
      'The pricing is too steep for small teams.',
      'I would stay if the price were lower.',
    ],
    implicit: ['Way too expensive.', 'Costs twice what competitors charge.'],
  },
  {
    key: 'onboarding',
    share: 0.04,
    names: ['onboarding', 'setup'],
    subjects: ['onboarding', 'setup', 'initial setup', 'onboarding process', 'setup wizard', 'account setup'],
    predicates: [
      'was confusing',
      'took hours',
      'skipped important steps',
      'was smooth',
      'needs clearer instructions',
    ],
    sentences: [
      'The onboarding emails were helpful.',
      'Setup took our whole team a week.',
      'Onboarding could explain the basics better.',
    ],
    implicit: ['Getting started was hard.', 'It took us weeks to get going.'],
  },
  {
    key: 'search',
    share: 0.03,
    names: ['search'],
    subjects: ['search', 'search results', 'search bar', 'search function', 'search filter'],
    predicates: ['is useless', 'never finds anything', 'is too slow', 'ignores my filters', 'is excellent'],
    sentences: ['Search returns irrelevant results.', 'I can never find anything with search.'],
    implicit: ['I can never find anything.', 'Finding old orders is impossible.'],
  },
];

/** How a subject and a predicate are put together; "{S}" is the subject capitalised. */
const TEMPLATES = [
  'The {s} {p}.',
  '{S} {p}.',
  'Honestly, the {s} {p}.',
  'I think the {s} {p}.',
  'Not great: the {s} {p}!',
  'Ugh. The {s} {p}.',
  'the {s} {p}',
];

/** Comments about nothing in particular: no nouns beyond generic ones, so nothing for a theme to recur on. */
const GENERIC_NOISE = [
  'Great product, love it!',
  'Keep up the good work.',
  'Nothing to add.',
  'Fine.',
  'Very happy overall.',
  'All good.',
  'Thanks!',
  '5 stars',
  'ok',
  'It does what it says.',
  'Would recommend.',
  'Not bad at all.',
  'Could be better.',
  'Nothing special.',
];

/**
 * How a one-off noun is written about. Some templates share a word with the topics ("page", "team"),
 * always next to a different noun, so that word recurs across themes without being one.
 */
const NOISE_TEMPLATES = [
  'The {n} {p}.',
  'The {n} {p}.',
  'Love the {n}.',
  'Not sure about the {n}.',
  'Your {n} page {p}.',
  'Our {n} team likes it.',
];

// Noise sentences about one-off things: many different nouns, so none of them recurs enough to be a theme.
const NOISE_NOUNS =
  `logo, font, newsletter, office, weather, coffee, dog, holiday, colour scheme, banner, mascot,
  podcast, webinar, sticker, jingle, umbrella, parking lot, billboard, radio ad, swag, brochure, trade show,
  conference, hoodie, mug, desk, garden, tagline, slogan, headquarters, lobby, elevator, receptionist, cafeteria,
  printer, keyboard, monitor, wallpaper, icon, animation, emoji, gif, tooltip, footer, sidebar, favicon, typeface,
  blog, forum, community, meetup, hackathon, video, tutorial video, youtube channel, twitter account, instagram,
  linkedin post, press release, award, anniversary, rebrand, charity, donation, sustainability report,
  carbon footprint, packaging, box, ribbon, gift card, voucher, raffle, contest, quiz, poll, calendar, postcard,
  letter, envelope, stamp, courier, van, truck, bicycle, scooter, train, airport, hotel, restaurant, menu, recipe,
  pizza, sandwich, salad, tea, juice, cookie, cake, chocolate, music, song, playlist, movie, book, magazine,
  newspaper, painting, photo, camera, phone case, charger, cable, battery, headset, speaker, microphone, webcam,
  tablet, watch, ring, jacket, shoe, hat, scarf, glove, sock, shirt, dress, uniform, plant, flower, tree, river,
  mountain, beach, island, lake, forest, sunset`.split(/,\s*/);
const NOISE_PREDICATES = ['is nice', 'could be better', 'looks dated', 'made my day', 'is cute', 'was odd'];

/** Share of topic comments that also bring up a second topic. */
const SECOND_TOPIC_SHARE = 0.1;
/** Share of topic sentences that name none of the topic's words. */
const IMPLICIT_SHARE = 0.08;
/** Share of topic comments that also say something about nothing in particular. */
const NOISE_SENTENCE_SHARE = 0.3;

/** The planted topics: 64% of comments between them, from 20% (checkout) down to 3% (search); the rest noise. */
export const PLANTED_TOPICS: PlantedTopic[] = TOPICS.map(({ key, share, names }) => ({ key, share, names }));

/** Picks one of the items at random. */
type Pick = <T>(items: readonly T[]) => T;

/** `size` comments, each about one planted topic (a few about two) or about nothing in particular. */
export function syntheticCorpus(size: number, seed: number): CorpusComment[] {
  const random = mulberry32(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)];
  const comments: CorpusComment[] = [];
  for (let i = 0; i < size; i += 1) {
    const topic = topicAt(random());
    if (!topic) {
      comments.push({ text: noiseComment(random, pick), topics: [] });
      continue;
    }
    let text = topicSentence(topic, random, pick);
    const topics = [topic.key];
    if (random() < SECOND_TOPIC_SHARE) {
      const other = pick(TOPICS);
      if (other !== topic) {
        text += ` ${topicSentence(other, random, pick)}`;
        topics.push(other.key);
      }
    }
    // Some carry a sentence about nothing in particular too, as real ones do.
    if (random() < NOISE_SENTENCE_SHARE) text += ` ${noiseComment(random, pick)}`;
    comments.push({ text, topics: topics.sort() });
  }
  return comments;
}

/** The topic whose share covers position u ∈ [0, 1) on the line of cumulated shares; none past the last. */
function topicAt(u: number): TopicWriting | undefined {
  let cumulated = 0;
  for (const topic of TOPICS) {
    cumulated += topic.share;
    if (u < cumulated) return topic;
  }
  return undefined;
}

function topicSentence(topic: TopicWriting, random: () => number, pick: Pick): string {
  const kind = random();
  if (kind < IMPLICIT_SHARE) return pick(topic.implicit);
  if (kind < 0.3) return pick(topic.sentences);
  const subject = pick(topic.subjects);
  return pick(TEMPLATES)
    .replace('{S}', subject[0].toUpperCase() + subject.slice(1))
    .replace('{s}', subject)
    .replace('{p}', pick(topic.predicates));
}

function noiseComment(random: () => number, pick: Pick): string {
  if (random() < 0.4) return pick(GENERIC_NOISE);
  return pick(NOISE_TEMPLATES).replace('{n}', pick(NOISE_NOUNS)).replace('{p}', pick(NOISE_PREDICATES));
}
