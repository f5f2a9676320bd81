// B5: comments analysed per second on one core — PII redaction, sentiment and theme assignment — beside
// wink-nlp's bare tokenisation of the same texts, in the same process; plus the sentiment accuracy.
import path from 'node:path';
import { analyzeComment } from '../src/domains/text/analyze.ts';
import { bareTokenizer, nlp } from '../src/domains/text/nlp.ts';
import { redactPii } from '../src/domains/text/redact.ts';
import { TagRuleMatcher } from '../src/domains/text/tag-rules.ts';
import { discoverThemes, ThemeMatcher } from '../src/domains/text/themes.ts';
import { mulberry32 } from '../src/shared/random.ts';
import { projectDir } from './children.ts';
import type { BenchOptions } from './options.ts';
import { measureSentimentAccuracy, type SentimentAccuracy } from './sentiment-accuracy.ts';
import { formatInt, log, median } from './util.ts';

export interface B5Findings {
  comments: number;
  meanLength: number;
  reps: number;
  analysedPerS: number;
  tokenisedPerS: number;
  /** wink-nlp reading the same texts with the analyser's pipe and nothing after: the floor under the analysis. */
  pipeReadPerS: number;
  ratio: number;
  themes: number;
  accuracy: SentimentAccuracy | null;
  accuracyError?: string;
}

const openings = ['', '', 'Honestly, ', 'To be fair, ', 'Overall ', 'Sadly ', 'Great news: ', 'Hmm, '];
const subjects = [
  'the checkout page',
  'checkout',
  'your support team',
  'the support agent',
  'the mobile app',
  'the iOS app',
  'my last invoice',
  'billing',
  'the onboarding',
  'setting up the account',
  'search',
  'the search results',
  'the pricing',
  'the new dashboard',
  'delivery',
  'the export to CSV',
];
const verdicts = [
  'is really slow',
  'was quick and easy',
  'keeps crashing',
  'was wonderful',
  'is not good at all',
  'is not bad at all',
  'charged me twice',
  'was confusing',
  'works fine',
  'is way too expensive',
  'solved my problem in minutes',
  'never loads on my phone',
  'could be a bit faster',
  'is the best part of the product',
];
const endings = [
  '.',
  '!',
  '. Please fix it.',
  '. Thanks!',
  ', but the rest is great.',
  '. Call me on +44 20 7946 0958.',
  '. Reach me at jo.bloggs@example.com.',
  '. I have been a customer since 2019.',
  '. Order #4532-1123 still pending.',
  ' and I waited 45 minutes.',
];

/** Short customer comments (one or two sentences, some with PII), seeded: the same texts every run. */
export function customerComments(count: number, seed = 5): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const comments: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let text = `${pick(openings)}${pick(subjects)} ${pick(verdicts)}${pick(endings)}`;
    if (random() < 0.3) text += ` Also ${pick(subjects)} ${pick(verdicts)}.`;
    comments.push(text.charAt(0).toUpperCase() + text.slice(1));
  }
  return comments;
}

function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export function runB5(options: BenchOptions): B5Findings {
  const count = options.quick ? 2_000 : 20_000;
  const reps = options.quick ? 1 : 5;
  const comments = customerComments(count);
  // The themes a workspace would have: discovered from the same comments' phrases first (not timed).
  const themes = discoverThemes(comments.map((text) => analyzeComment(redactPii(text).text).phrases));
  const themeMatcher = new ThemeMatcher(themes);
  const ruleMatcher = new TagRuleMatcher([
    { tagId: 'refunds', match: 'keyword', pattern: 'refund' },
    { tagId: 'double-charge', match: 'phrase', pattern: 'charged me twice' },
  ]);
  const analyseAll = () => {
    for (const text of comments) {
      const analysis = analyzeComment(redactPii(text).text);
      themeMatcher.match(analysis.phrases);
      ruleMatcher.match(analysis);
    }
  };
  const tokenizer = bareTokenizer();
  const tokeniseAll = () => {
    for (const text of comments) tokenizer.readDoc(text);
  };
  const pipeReadAll = () => {
    for (const text of comments) nlp.readDoc(text);
  };
  // Warm every path (JIT, wink's caches) before timing; repetitions interleave so noise hits them alike.
  analyseAll();
  tokeniseAll();
  pipeReadAll();
  const analysed: number[] = [];
  const tokenised: number[] = [];
  const pipeRead: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    tokenised.push((count / timed(tokeniseAll)) * 1000);
    pipeRead.push((count / timed(pipeReadAll)) * 1000);
    analysed.push((count / timed(analyseAll)) * 1000);
  }
  const analysedPerS = median(analysed);
  const tokenisedPerS = median(tokenised);
  const pipeReadPerS = median(pipeRead);
  log(
    `B5: ${formatInt(analysedPerS)} comments/s analysed, ${formatInt(tokenisedPerS)}/s tokenised, ${formatInt(pipeReadPerS)}/s read with the pipe`,
  );
  let accuracy: SentimentAccuracy | null = null;
  let accuracyError: string | undefined;
  try {
    accuracy = measureSentimentAccuracy(
      path.join(projectDir, '..', 'shared', 'data', 'sentiment-imdb-labelled.txt'),
    );
  } catch (error) {
    accuracyError = (error as Error).message;
  }
  return {
    comments: count,
    meanLength: comments.reduce((sum, text) => sum + text.length, 0) / count,
    reps,
    analysedPerS,
    tokenisedPerS,
    pipeReadPerS,
    ratio: analysedPerS / tokenisedPerS,
    themes: themes.length,
    accuracy,
    accuracyError,
  };
}

export function b5Table(found: B5Findings): string {
  const rows = [
    '| measure | figure | reference (same run) | ratio | target |',
    '|---|---|---|---|---|',
    `| comments analysed per second, one core (redaction + sentiment + key phrases + theme and rule matching) | ${formatInt(found.analysedPerS)} | wink-nlp bare tokenisation: ${formatInt(found.tokenisedPerS)}/s | ${found.ratio.toFixed(2)} | ≥ 10,000/s; ratio ≥ 0.3 |`,
    `| wink-nlp reading alone, with the pipe the analysis needs (sentences, negation, parts of speech) | ${formatInt(found.pipeReadPerS)} | wink-nlp bare tokenisation: ${formatInt(found.tokenisedPerS)}/s | ${(found.pipeReadPerS / found.tokenisedPerS).toFixed(2)} | — |`,
  ];
  if (found.accuracy) {
    const a = found.accuracy;
    rows.push(
      `| sentiment accuracy on the labelled sentences (binary) | ${(100 * a.accuracy).toFixed(1)}% of ${formatInt(a.sentences)} (neutral: ${(100 * a.neutralShare).toFixed(1)}%) | bare wink-nlp: ${(100 * a.bareWinkAccuracy).toFixed(1)}% | | ≥ 85% |`,
    );
  } else {
    rows.push(`| sentiment accuracy | not measured: ${found.accuracyError ?? 'no data file'} | | | ≥ 85% |`);
  }
  return rows.join('\n');
}

export function b5Notes(found: B5Findings): string {
  return (
    `${formatInt(found.comments)} seeded customer comments (mean ${found.meanLength.toFixed(0)} characters, some with e-mail addresses, ` +
    `phone and order numbers), matched against the ${found.themes} themes discovered from them; median of ${found.reps} ` +
    'interleaved repetitions after a warm-up. The reference reads the same texts with wink-nlp and an empty pipe (tokens only). ' +
    'Accuracy: `../shared/data/sentiment-imdb-labelled.txt` (1,000 movie-review sentences, 500 positive, 500 negative); a ' +
    'sentence counts as predicted positive when its score is above 0. No word list was tuned to that set. ' +
    `Where the time goes: wink-nlp's own reading with the pipe the analysis needs takes ${(100 * (found.analysedPerS / found.pipeReadPerS)).toFixed(0)}% ` +
    `of each comment's time (its part-of-speech tagger, which noun phrases need, is most of it), and ` +
    'redaction, sentiment, key phrases and matching the rest; so with that tagger the ratio to bare tokenisation cannot ' +
    `exceed ${(found.pipeReadPerS / found.tokenisedPerS).toFixed(2)}.`
  );
}
