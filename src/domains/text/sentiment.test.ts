// Tests for the sentiment analyser: customer-feedback sentences by hand, each rule in isolation, wink parity.
import { describe, expect, it } from 'vitest';
import { readComment, readDocument, winkWithSentiment } from './nlp.ts';
import {
  type Sentiment,
  type SentimentLabel,
  sentimentOf,
  sentimentOfText,
  winkScoreOf,
} from './sentiment.ts';

const scoreOf = (text: string) => sentimentOfText(text).score;

describe('sentimentOfText on customer feedback', () => {
  // [text, label, score]: the label is what a person reading the comment would give it; the score pins the method.
  const cases: [string, SentimentLabel, number][] = [
    // negation
    ['not good', 'negative', -0.574],
    ['not bad at all', 'positive', 0.444],
    ["I don't hate it", 'positive', 0.509],
    ['It never works', 'negative', -0.444],
    ['Export to CSV is not working', 'negative', -0.444],
    ['The new dashboard is not very useful', 'negative', -0.424],
    ['Nothing works on my phone', 'negative', -0.444],
    ['Nothing wrong with the new release', 'positive', 0.185],
    ['No problems so far', 'positive', 0.296],
    ['Not only fast but also reliable', 'positive', 0.631],
    // factual statements and requests
    ['I changed my password yesterday.', 'neutral', 0],
    ['I upgraded to the premium plan last week.', 'neutral', 0],
    ['I need help with my invoice', 'neutral', 0],
    ['Please add a dark mode.', 'neutral', 0],
    ['I want a refund', 'neutral', 0],
    // support
    ['Support was helpful and quick', 'positive', 0.513],
    ['Customer support was rude and unhelpful', 'negative', -0.45],
    ['Still waiting for a reply from support', 'negative', -0.2],
    ['Thanks for the quick response!', 'positive', 0.473],
    ['Worst customer service ever', 'negative', -0.6],
    // billing and price
    ['I was charged twice this month', 'negative', -0.6],
    ['Way too expensive for what it does', 'negative', -0.4],
    ['Overpriced for a basic plan', 'negative', -0.5],
    ['The pricing is fair and affordable', 'positive', 0.4],
    ['I cancelled my subscription', 'negative', -0.2],
    // checkout and onboarding
    ['Checkout was quick and easy', 'positive', 0.346],
    ['The checkout page keeps crashing', 'negative', -0.4],
    ['Onboarding was smooth and intuitive', 'positive', 0.388],
    ['The onboarding is confusing', 'negative', -0.437],
    // bugs and speed
    ['The app is buggy and freezes all the time', 'negative', -0.45],
    ['The app is unusable after the update', 'negative', -0.4],
    ['The update broke the export', 'negative', -0.625],
    ['The bug is fixed now, thanks', 'positive', 0.067],
    ['The dashboard loads fast', 'positive', 0.4],
    ['Search is really slow', 'negative', -0.473],
    // contrast
    ['The app is great but checkout is painfully slow', 'negative', -0.246],
    ['The app is slow but support is great', 'positive', 0.35],
    ['Although the app is slow, support is great', 'positive', 0.35],
    ['Support is great, although the app is slow', 'positive', 0.35],
    ['The app is fast. But billing is a mess.', 'negative', -0.2],
    // praise, emphasis and emoji
    ['Love the new dashboard', 'positive', 0.37],
    ['Absolutely love the new reports', 'positive', 0.443],
    ['Would definitely recommend to a colleague', 'positive', 0.4],
    ["It's okay I guess", 'positive', 0.812],
    ['It is SO SLOW', 'negative', -0.656],
    ['👍', 'positive', 0.6],
    ['😡', 'negative', -0.2],
    ['Great job ❤️', 'positive', 0.7],
  ];

  it.each(cases)('%s → %s (%d)', (text, label, score) => {
    expect(sentimentOfText(text)).toEqual<Sentiment>({ label, score });
  });
});

describe('the rules, one at a time', () => {
  it('boosters raise and dampeners lower the magnitude (VADER ±0.293 on its scale of 4)', () => {
    expect(scoreOf('good')).toBe(0.776);
    expect(scoreOf('very good')).toBe(0.849);
    expect(scoreOf('annoying')).toBe(-1);
    expect(scoreOf('slightly annoying')).toBe(-0.927);
    expect(scoreOf('slow')).toBe(-0.4);
    expect(scoreOf('kind of slow')).toBe(-0.327);
  });

  it('drops the own value of a word used as a booster', () => {
    // wink values "kind" (as in a kind person) at 0.542; in "kind of" it only softens what follows.
    expect(sentimentOfText('kind of slow').label).toBe('negative');
  });

  it('weighs a booster less the further it is from the word', () => {
    expect(scoreOf('very slow')).toBe(-0.473);
    expect(scoreOf('very very slow')).toBe(-0.543);
  });

  it('negates by -0.74, so "not good" is milder than "bad" and a negated negative turns mildly positive', () => {
    expect(scoreOf('bad')).toBe(-0.6);
    expect(scoreOf('not good')).toBeGreaterThan(scoreOf('bad') - 0.2);
    expect(scoreOf('not bad')).toBe(0.444);
  });

  it('adds emphasis for exclamation marks, up to four', () => {
    expect(scoreOf('I love it')).toBe(0.37);
    expect(scoreOf('I love it!')).toBe(0.443);
    expect(scoreOf('I love it!!!')).toBe(0.589);
    // wink splits a fourth mark off as a sentence of its own; it is joined back rather than halving the score.
    expect(scoreOf('I love it!!!!')).toBe(0.662);
    expect(scoreOf('I love it!!!!!!')).toBe(0.662);
    expect(scoreOf('It broke!!')).toBe(-0.771);
  });

  it('adds emphasis for a word in capitals, unless the whole comment is in capitals', () => {
    expect(scoreOf('It is so slow')).toBe(-0.473);
    expect(scoreOf('It is SO SLOW')).toBe(-0.656);
    expect(scoreOf('IT IS SO SLOW')).toBe(-0.473);
    expect(scoreOf('It is OK')).toBe(scoreOf('It is ok'));
  });

  it('weighs the clause after "but" 1.5 and the one before 0.5', () => {
    expect(scoreOf('great')).toBe(0.6);
    expect(scoreOf('The app is great but checkout is slow')).toBe(-0.15);
    expect(scoreOf('Checkout is slow but the app is great')).toBe(0.35);
  });

  it('weighs a sentence that opens with "But" 1.5 and the sentence before 0.5', () => {
    expect(scoreOf('The app is great. Checkout is slow.')).toBe(0.1);
    expect(scoreOf('The app is great. But checkout is slow.')).toBe(-0.15);
  });

  it('ignores a "though" that closes a sentence: it refers back to another one', () => {
    expect(scoreOf('The app is great though.')).toBe(0.6);
  });

  it('averages sentences like wink: a factual sentence dilutes but does not flip', () => {
    expect(scoreOf('I changed my password yesterday. The new login page is great.')).toBe(0.3);
  });

  it('finds inflected forms wink lacks by their lemma', () => {
    expect(scoreOf('It crash')).toBe(-0.4);
    expect(scoreOf('It crashes')).toBe(-0.4);
    expect(scoreOf('It freezes')).toBe(-0.4);
  });

  it('reads nothing where there is no text', () => {
    expect(sentimentOfText('')).toEqual<Sentiment>({ label: 'neutral', score: 0 });
    expect(sentimentOfText('   ')).toEqual<Sentiment>({ label: 'neutral', score: 0 });
  });

  it('keeps scores in -1…1', () => {
    expect(scoreOf('It is absolutely SUPERB!!!!')).toBe(1);
    expect(scoreOf('It is utterly HORRIBLE!!!!')).toBe(-1);
  });
});

describe('sentimentOf', () => {
  it('reads the document it is given, as sentimentOfText reads the text', () => {
    const text = 'The app is great but checkout is painfully slow';
    expect(sentimentOf(readComment(text))).toEqual(sentimentOfText(text));
  });
});

describe('winkScoreOf', () => {
  it("equals wink-nlp's own score: the copy of its lexicon and matching is faithful", () => {
    const wink = winkWithSentiment();
    const texts = [
      'good',
      'I love it. It is not bad at all!',
      'The app is able bodied and all right, as good as it gets',
      'I do not hate it, but it crashed :( 👎',
      'good\nbad',
      'A first sentence. A second one that is terrible. And a third one that is superb and amazing.',
      'Nothing here at all',
    ];
    for (const text of texts) {
      const doc = wink.readDoc(text);
      expect(winkScoreOf(readDocument(doc))).toBeCloseTo(doc.out(wink.its.sentiment) as number, 12);
    }
  });
});
