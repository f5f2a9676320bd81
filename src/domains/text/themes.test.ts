// Tests for theme discovery: key phrases by hand, planted topics recovered from a synthetic corpus, stable keys.
import { describe, expect, it } from 'vitest';
import { readComment } from './nlp.ts';
import { type DiscoveredTheme, discoverThemes, keyPhrasesOf, ThemeMatcher } from './themes.ts';
import { type CorpusComment, PLANTED_TOPICS, syntheticCorpus } from './themes-corpus.ts';

const phrasesOf = (text: string) => keyPhrasesOf(readComment(text));

describe('keyPhrasesOf', () => {
  it('gives a noun phrase and each of its nouns', () => {
    expect(phrasesOf('The checkout page was really slow.')).toEqual(['checkout', 'checkout page', 'page']);
  });

  it('lemmatises nouns, capitalised ones too', () => {
    expect(phrasesOf('Your invoices were wrong')).toEqual(['invoice']);
    expect(phrasesOf('Prices went up again.')).toEqual(['price']);
  });

  it('keeps adjectives before the head noun, not after it', () => {
    expect(phrasesOf('Constant crashes on startup.')).toEqual(['constant crash', 'crash', 'startup']);
    expect(phrasesOf('Search results irrelevant.')).toEqual(['result', 'search', 'search result']);
  });

  it('keeps phrases to three words ending on the head noun', () => {
    expect(phrasesOf('The customer support team never replied.')).toEqual([
      'customer',
      'customer support team',
      'support',
      'support team',
      'team',
    ]);
    expect(phrasesOf('The new customer support team lead was great.')).toEqual([
      'customer',
      'lead',
      'support',
      'support team lead',
      'team',
      'team lead',
    ]);
  });

  it('leaves out generic words', () => {
    expect(phrasesOf('Great product, love it! Thanks!')).toEqual([]);
    expect(phrasesOf('The loading time is awful.')).toEqual(['loading']);
    expect(phrasesOf('The other day a few things broke.')).toEqual([]);
    expect(phrasesOf('Keep up the good work.')).toEqual([]);
  });

  it('reads capitalised adjectives as adjectives, not names', () => {
    expect(phrasesOf('Great app, TERRIBLE support!')).toEqual([
      'app',
      'great app',
      'support',
      'terrible support',
    ]);
  });

  it('reads gerunds used as nouns as nouns, and other -ing verbs as verbs', () => {
    expect(phrasesOf('The onboarding was smooth.')).toEqual(['onboarding']);
    expect(phrasesOf('Not happy with the onboarding process.')).toEqual([
      'onboarding',
      'onboarding process',
      'process',
    ]);
    expect(phrasesOf('I keep losing data.')).toEqual(['data']);
  });

  it('keeps a word as written when its lemma is another word ("app", not "application")', () => {
    expect(phrasesOf('The app keeps crashing.')).toEqual(['app']);
    expect(phrasesOf('Our data was lost.')).toEqual(['data']);
  });

  it('ignores e-mail addresses, links and numbers', () => {
    expect(phrasesOf('Email bob@example.com, see https://example.com or call 555-0100.')).toEqual(['call']);
    expect(phrasesOf('My order #1234 arrived late.')).toEqual(['order']);
  });

  it('ignores redaction placeholders: "[email]" is what was removed, not a topic', () => {
    expect(phrasesOf('Write to [email] or [phone] about the invoice.')).toEqual(['invoice']);
  });

  it('gives nothing for empty text, punctuation or a comment without a noun', () => {
    expect(phrasesOf('')).toEqual([]);
    expect(phrasesOf('!!!')).toEqual([]);
    expect(phrasesOf('ok')).toEqual([]);
  });

  it('reads one-word comments', () => {
    expect(phrasesOf('Checkout')).toEqual(['checkout']);
    expect(phrasesOf('Invoices')).toEqual(['invoice']);
  });
});

const CORPUS_SIZE = 5_000;
const corpus = syntheticCorpus(CORPUS_SIZE, 42);
const corpusPhrases = corpus.map((comment) => phrasesOf(comment.text));

/**
 * The planted topic a theme stands for: the one at least 60% of the comments it is matched to were written
 * about; none when it mixes topics or is mostly noise.
 */
function topicsOfThemes(themes: readonly DiscoveredTheme[], comments: readonly CorpusComment[]) {
  const matcher = new ThemeMatcher(themes);
  const matched = corpusPhrases.map((phrases) => matcher.match(phrases));
  const standsFor = new Map<string, string>();
  for (const theme of themes) {
    const perTopic = new Map<string, number>();
    let total = 0;
    matched.forEach((keys, i) => {
      if (!keys.includes(theme.key)) return;
      total += 1;
      for (const topic of comments[i].topics) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
    });
    const [best] = [...perTopic].sort((a, b) => b[1] - a[1]);
    if (best && best[1] >= 0.6 * total) standsFor.set(theme.key, best[0]);
  }
  return { matched, standsFor };
}

describe('discoverThemes on a synthetic corpus with 7 planted topics (5,000 comments, seed 42)', () => {
  const themes = discoverThemes(corpusPhrases);
  const { matched, standsFor } = topicsOfThemes(themes, corpus);

  it('finds these themes, largest first', () => {
    expect(themes.map((theme) => [theme.key, theme.label])).toEqual([
      ['checkout', 'Checkout'],
      ['support', 'Support'],
      ['crash', 'Crash'],
      ['invoice', 'Invoice'],
      ['cart', 'Shopping cart'],
      ['plan', 'Plan'],
      ['search', 'Search'],
      ['billing', 'Billing'],
      ['price', 'Price'],
      ['pricing', 'Pricing'],
      ['setup', 'Setup'],
      ['onboarding', 'Onboarding'],
      ['phone', 'Phone'],
      ['click', 'Click'],
      ['reply', 'Reply'],
    ]);
    expect(themes.find((theme) => theme.key === 'checkout')?.terms.slice(0, 3)).toEqual([
      'checkout',
      'flow',
      'button',
    ]);
  });

  it('recovers at least 6 of the 7 planted topics (recall ≥ 0.85), each as a theme labelled with its name', () => {
    const recovered = PLANTED_TOPICS.filter((topic) =>
      themes.some(
        (theme) =>
          standsFor.get(theme.key) === topic.key &&
          topic.names.some((name) => theme.label.toLowerCase().includes(name)),
      ),
    );
    expect(recovered.length / PLANTED_TOPICS.length).toBeGreaterThanOrEqual(0.85);
  });

  it('has precision ≥ 0.9: of the themes with ≥ 1% of comments, 90% stand for one planted topic', () => {
    const large = themes.filter((theme) => theme.documents >= 0.01 * CORPUS_SIZE);
    expect(large.length).toBeGreaterThanOrEqual(PLANTED_TOPICS.length);
    const precise = large.filter((theme) => standsFor.has(theme.key));
    expect(precise.length / large.length).toBeGreaterThanOrEqual(0.9);
  });

  it("matches ≥ 85% of each planted topic's comments to a theme that stands for it", () => {
    const shares = PLANTED_TOPICS.map((topic) => {
      const planted = corpus.flatMap((comment, i) => (comment.topics.includes(topic.key) ? [i] : []));
      const found = planted.filter((i) => matched[i].some((key) => standsFor.get(key) === topic.key));
      return { topic: topic.key, share: found.length / planted.length };
    });
    expect(shares.filter(({ share }) => share < 0.85)).toEqual([]);
  });

  it('matches ≤ 5% of noise comments to any theme, and ≤ 5% of topic comments to another topic', () => {
    const noise = corpus.flatMap((comment, i) => (comment.topics.length === 0 ? [i] : []));
    const noiseMatched = noise.filter((i) => matched[i].length > 0);
    expect(noiseMatched.length / noise.length).toBeLessThanOrEqual(0.05);
    const planted = corpus.flatMap((comment, i) => (comment.topics.length > 0 ? [i] : []));
    const misplaced = planted.filter((i) =>
      matched[i].some((key) => !corpus[i].topics.includes(standsFor.get(key) ?? '')),
    );
    expect(misplaced.length / planted.length).toBeLessThanOrEqual(0.05);
  });

  it('counts as documents the comments the matcher assigns to each theme', () => {
    for (const theme of themes) {
      expect(matched.filter((keys) => keys.includes(theme.key)).length).toBe(theme.documents);
    }
  });
});

describe('discoverThemes stability', () => {
  const first = discoverThemes(corpusPhrases);
  const keysAndLabels = (themes: readonly DiscoveredTheme[]) =>
    themes.map((theme) => `${theme.key}: ${theme.label}`).sort();

  it('gives the same themes again, for the comments shuffled and with repeated phrases', () => {
    expect(discoverThemes(corpusPhrases)).toEqual(first);
    const shuffled = corpusPhrases.map((phrases, i) => ({ phrases, order: (i * 7919) % CORPUS_SIZE }));
    shuffled.sort((a, b) => a.order - b.order);
    expect(discoverThemes(shuffled.map(({ phrases }) => [...phrases, ...phrases].reverse()))).toEqual(first);
  });

  it('keeps keys and labels after 10% more comments on the same topics, given the previous themes', () => {
    const more = syntheticCorpus(5_500, 42).slice(CORPUS_SIZE);
    const grown = [...corpusPhrases, ...more.map((comment) => phrasesOf(comment.text))];
    expect(keysAndLabels(discoverThemes(grown, { previous: first }))).toEqual(keysAndLabels(first));
  });

  it('keeps keys and labels on another sample of comments on the same topics', () => {
    const other = syntheticCorpus(CORPUS_SIZE, 7).map((comment) => phrasesOf(comment.text));
    expect(keysAndLabels(discoverThemes(other, { previous: first }))).toEqual(keysAndLabels(first));
  });

  it("keeps a previous theme's key and edited label when it is found around the same word", () => {
    const previous = [{ key: 'checkout-speed', label: 'Checkout speed', terms: ['checkout'] }];
    const again = discoverThemes(corpusPhrases, { previous });
    expect(again[0]).toEqual({ ...first[0], key: 'checkout-speed', label: 'Checkout speed' });
  });

  it('hands a previous key to the theme now found around another of its words', () => {
    const comments = [...Array(10).fill(['cart']), ...Array(10).fill(['invoice']), ...Array(10).fill([])];
    const previous = [{ key: 'basket', label: 'Basket', terms: ['basket', 'cart'] }];
    expect(discoverThemes(comments, { previous }).map((theme) => [theme.key, theme.label])).toEqual([
      ['basket', 'Basket'],
      ['invoice', 'Invoice'],
    ]);
  });

  it('gives a new theme a fresh key, never an unrelated previous one', () => {
    const comments = [...Array(10).fill(['cart']), ...Array(10).fill([])];
    const previous = [{ key: 'cart', label: 'Trolley', terms: ['trolley'] }];
    expect(discoverThemes(comments, { previous }).map((theme) => [theme.key, theme.label])).toEqual([
      ['cart-2', 'Cart'],
    ]);
  });
});

describe('discoverThemes edge cases', () => {
  it('finds nothing in no comments, or in comments without phrases', () => {
    expect(discoverThemes([])).toEqual([]);
    expect(discoverThemes([[], [], []])).toEqual([]);
  });

  it('finds themes in one-word comments, from 5 comments up', () => {
    const comments = [
      ...Array(10).fill(['checkout']),
      ...Array(6).fill(['invoice']),
      ...Array(4).fill(['refund']),
      ...Array(10).fill([]),
    ];
    expect(discoverThemes(comments)).toEqual([
      { key: 'checkout', label: 'Checkout', terms: ['checkout'], documents: 10 },
      { key: 'invoice', label: 'Invoice', terms: ['invoice'], documents: 6 },
    ]);
    expect(discoverThemes(comments, { minDocuments: 3 }).map((theme) => theme.key)).toEqual([
      'checkout',
      'invoice',
      'refund',
    ]);
  });

  it('makes no theme of a word in more than half the comments, and is not thrown by it', () => {
    const mostly = corpusPhrases.map((phrases, i) => (i % 5 < 3 ? [...phrases, 'heed'] : phrases));
    expect(discoverThemes(mostly)).toEqual(discoverThemes(corpusPhrases));
  });

  it('makes a theme of a word in 40% of comments at random, which takes no words from the others', () => {
    const often = corpusPhrases.map((phrases, i) => (i % 5 < 2 ? [...phrases, 'heed'] : phrases));
    const themes = discoverThemes(often);
    expect(themes[0]).toEqual({ key: 'heed', label: 'Heed', terms: ['heed'], documents: 2_000 });
    expect(themes.slice(1)).toEqual(discoverThemes(corpusPhrases));
  });

  it('keeps the largest themes up to maxThemes', () => {
    expect(discoverThemes(corpusPhrases, { maxThemes: 3 }).map((theme) => theme.key)).toEqual([
      'checkout',
      'support',
      'crash',
    ]);
  });
});

describe('ThemeMatcher', () => {
  const matcher = new ThemeMatcher([
    { key: 'support', label: 'Support', terms: ['support', 'agent', 'support team'] },
    { key: 'billing', label: 'Billing', terms: ['invoice', 'agent'] },
  ]);

  it('gives the sorted keys of the themes any phrase signals, each once', () => {
    expect(matcher.match(['agent', 'support', 'invoice', 'weather'])).toEqual(['billing', 'support']);
    expect(matcher.match(['support team'])).toEqual(['support']);
  });

  it('gives nothing for no phrases, unknown phrases, or no themes', () => {
    expect(matcher.match([])).toEqual([]);
    expect(matcher.match(['weather'])).toEqual([]);
    expect(new ThemeMatcher([]).match(['support'])).toEqual([]);
  });
});
