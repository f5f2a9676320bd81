// Sentiment accuracy on a labelled sentence file: the analyser against bare wink-nlp, same sentences, same rule.
//
// Binary rule, for both: a sentence is predicted positive iff its score is > 0, otherwise negative; a sentence the
// analyser labels neutral therefore counts by the sign of its score, and one scored exactly 0 counts as negative.
// The neutral share and the label confusion are reported beside it so that neutral answers are visible, not hidden.
// Only these aggregates are computed: the benchmark never lists which sentences were misclassified, so that no word
// list can be fitted to the set.
import { readFileSync } from 'node:fs';
import { readDocument, winkWithSentiment } from '../src/domains/text/nlp.ts';
import { type SentimentLabel, sentimentOf, winkScoreOf } from '../src/domains/text/sentiment.ts';

type Truth = 'positive' | 'negative';

export interface SentimentAccuracy {
  sentences: number;
  /** Share of sentences whose sign (score > 0 → positive) matches the label. */
  accuracy: number;
  /** Share of sentences the analyser labels neutral. */
  neutralShare: number;
  /** The same rule on bare wink-nlp's score, `doc.out(its.sentiment)`. */
  bareWinkAccuracy: number;
  confusion: {
    /** Binary outcome by the sign rule: actual label (rows) × predicted (columns). */
    binary: Record<Truth, Record<Truth, number>>;
    /** Actual label (rows) × the analyser's three-way label (columns). */
    labels: Record<Truth, Record<SentimentLabel, number>>;
  };
  /** Sentences where the analyser's copy of wink's lexicon scored differently from wink itself: must be 0. */
  winkReplicaMismatches: number;
}

/** Reads `sentence<TAB>label` lines (1 = positive, 0 = negative) and measures both analysers on them. */
export function measureSentimentAccuracy(path: string): SentimentAccuracy {
  const binary: Record<Truth, Record<Truth, number>> = {
    positive: { positive: 0, negative: 0 },
    negative: { positive: 0, negative: 0 },
  };
  const labels: Record<Truth, Record<SentimentLabel, number>> = {
    positive: { positive: 0, neutral: 0, negative: 0 },
    negative: { positive: 0, neutral: 0, negative: 0 },
  };
  let sentences = 0;
  const wink = winkWithSentiment();
  let bareWinkCorrect = 0;
  let winkReplicaMismatches = 0;
  for (const [lineIndex, line] of readFileSync(path, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    const tab = line.lastIndexOf('\t');
    const mark = line.slice(tab + 1).trim();
    if (tab < 0 || (mark !== '0' && mark !== '1')) {
      throw new Error(`${path}:${lineIndex + 1}: expected "sentence<TAB>0|1"`);
    }
    const truth: Truth = mark === '1' ? 'positive' : 'negative';
    const doc = wink.readDoc(line.slice(0, tab).trim());
    const read = readDocument(doc);
    const sentiment = sentimentOf(read);
    const winkScore = doc.out(wink.its.sentiment) as number;
    sentences += 1;
    binary[truth][sentiment.score > 0 ? 'positive' : 'negative'] += 1;
    labels[truth][sentiment.label] += 1;
    if ((winkScore > 0 ? 'positive' : 'negative') === truth) bareWinkCorrect += 1;
    if (Math.abs(winkScoreOf(read) - winkScore) > 1e-9) winkReplicaMismatches += 1;
  }
  if (sentences === 0) throw new Error(`${path}: no labelled sentences`);
  return {
    sentences,
    accuracy: (binary.positive.positive + binary.negative.negative) / sentences,
    neutralShare: (labels.positive.neutral + labels.negative.neutral) / sentences,
    bareWinkAccuracy: bareWinkCorrect / sentences,
    confusion: { binary, labels },
    winkReplicaMismatches,
  };
}
