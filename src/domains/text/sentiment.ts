// Per-comment sentiment: wink-nlp's own lexicon and negation scope, re-weighted by VADER's general rules.
//
// Method. wink-nlp scores a sentence as the mean of the lexicon entries it matches (single words, multi-word
// expressions, emoji and emoticons, on a -1…1 scale), flipping the sign of any entry inside a negation scope, and
// a document as the mean of its sentences. Its per-entry matches are not exposed, so this module loads the same
// sentiment automaton from the model package, runs it over the document's normalised tokens exactly as wink does
// (the tests check the result equals `doc.out(its.sentiment)`), reads wink's negation flags, and then applies the
// general rules of VADER (Hutto & Gilbert, ICWSM 2014), with VADER's published constants rescaled from its ±4
// valence scale to wink's ±1 (divided by 4):
// - negation: wink's scopes, plus VADER's negators that wink lacks ("nothing works") scoped the way wink scopes;
//   a negated entry is multiplied by -0.74 rather than -1 ("not good" is milder than "bad");
// - boosters and dampeners: VADER's booster list ("very", "extremely", "slightly", "kind of", …) adds ±0.073 to
//   the magnitude of an entry up to three words after it (×0.95 at two words, ×0.9 at three), and the booster's
//   own lexicon value is dropped, as VADER does;
// - capitals: an entry written in capitals of three or more letters, in a comment that is not all capitals, gains
//   0.183 in magnitude;
// - contrast: in a sentence with "but" or "however", entries before it weigh 0.5 and after it 1.5; a sentence that
//   opens with one weighs 1.5 and the sentence before it 0.5; a concessive clause ("although …", "though …", up
//   to the next comma) weighs 0.5 and the rest of its sentence 1.5;
// - exclamation marks: each (at most four per sentence) adds 0.073 to the sentence in the direction of its sign.
// A sentence is the weighted mean of its entries plus emphasis, clamped to -1…1; the comment is the weighted mean
// of its sentences (those without entries count as 0, as in wink, but a run of punctuation that wink splits off as
// a sentence of its own is joined to the one before). |score| < 0.05 is neutral (VADER's threshold).
//
// Lexicon. Two sources, in this order of authority:
// 1. wink-nlp's own lexicon (wink-eng-lite-web-model, MIT), read from the model package: single words and
//    multi-word expressions on a -1…1 scale, stored in thousandths (most values are AFINN's -5…5 divided by 5).
//    Where wink has an entry, its value is used, also when it is 0.
// 2. A few customer-feedback words wink lacks, added (ADDED), each valued like a wink entry of the same meaning; a
//    few wink entries that in customer feedback name a topic or a request rather than a judgement are neutralised,
//    and "waiting" turned from positive to mildly negative (OVERRIDES). Both lists come from general knowledge of
//    customer feedback; none was derived from the accuracy set (bench/sentiment-accuracy.ts), whose misclassified
//    sentences were never looked at.
// A word neither has is looked up again in both by its lemma ("crashes" → "crash"), so that they also value
// inflections (ADDED's "freeze", -0.4, values "freezes"); a word neither has in either form has no value.
import { createRequire } from 'node:module';
import { type ReadComment, readComment } from './nlp.ts';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface Sentiment {
  label: SentimentLabel;
  /** -1 (most negative) … 1 (most positive), rounded to 3 decimals. */
  score: number;
}

/** The sentiment model in wink-eng-lite-web-model is not the layout this module was written against. */
export class SentimentModelError extends Error {
  override name = 'SentimentModelError';
}

const NEGATION_SCALAR = -0.74;
const BOOST = 0.293 / 4;
const CAPS_BOOST = 0.733 / 4;
const EXCLAMATION_BOOST = 0.292 / 4;
const MAX_EXCLAMATIONS = 4;
/** A booster one, two or three words before an entry. */
const BOOSTER_DECAY = [1, 0.95, 0.9];
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const NEUTRAL_BAND = 0.05;

/** Words of a list written as one string, so that long lists stay compact. */
const words = (list: string) => list.trim().split(/\s+/);

/** VADER's booster words (intensifiers +1, dampeners -1), less "hardly" and "scarcely": wink negates after those. */
const BOOSTERS = new Map<string, number>([
  ...words(`
    absolutely amazingly awfully completely considerable considerably decidedly deeply effing enormous enormously
    entirely especially exceptional exceptionally extreme extremely fabulously flipping flippin frackin fracking
    fricking frickin frigging friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible
    incredibly intensely major majorly more most particularly purely quite really remarkably so substantially
    thoroughly total totally tremendous tremendously uber unbelievably unusually utter utterly very
  `).map((word): [string, number] => [word, 1]),
  ...words(`
    almost barely kinda kindof less little marginal marginally occasional occasionally partly scarce slight slightly
    somewhat sorta sortof
  `).map((word): [string, number] => [word, -1]),
  ...['just enough', 'kind of', 'sort of'].map((phrase): [string, number] => [phrase, -1]),
]);

/**
 * Negators in VADER's list that wink's negation model lacks ("nothing works", "nobody answered"). Their scope is
 * wink's: up to the next of wink's scope terminators below, or the end of the sentence.
 */
const EXTRA_NEGATORS = new Set(['nothing', 'nobody', 'nowhere', 'seldom']);
/** The single-word scope terminators of wink's negation model (eng-negation-model.json). */
const NEGATION_END = new Set(
  words(
    '! ) , . ; ? although as because but except however nevertheless so still though unless until which yet',
  ),
);

const CONTRASTIVE = new Set(['but', 'however']);
const CONCESSIVE = new Set(['although', 'though']);
const CLAUSE_END = new Set([',', ';', ':']);

/**
 * Customer-feedback words missing from wink's lexicon, valued like the wink entry of the same meaning named beside
 * each. Loading fails if wink gains one of them, so the list never silently overrides the model.
 */
const ADDED = new Map<string, number>([
  // speed and reliability: like wink's "sluggish", "lagging", "crash", "error", "outage", "unstable" (-0.4)
  ...words('slow laggy bug glitch glitchy flaky janky freeze frozen timeout downtime').map(
    (word): [string, number] => [word, -0.4],
  ),
  ['buggy', -0.5], // between "error" (-0.4) and "unreliable" (-0.719)
  ['unresponsive', -0.5], // like "unhelpful"
  // usability: like "cumbersome" and "confusing" (-0.4); "complicated" like "difficult" (-0.2)
  ...words('clunky tedious unintuitive counterintuitive overcomplicated').map((word): [string, number] => [
    word,
    -0.4,
  ]),
  ['complicated', -0.2],
  ['outdated', -0.2], // like "bloated"
  // price: like "charges" (-0.4) and "charged" (-0.6)
  ...words('expensive pricey').map((word): [string, number] => [word, -0.4]),
  ['overpriced', -0.5],
  ['overcharged', -0.6],
  // support and delivery: like "ignored" and "problem" (-0.4), "delayed" (-0.2)
  ['unanswered', -0.4],
  ['issue', -0.4],
  ['late', -0.2],
  // the positive side: like "responsive", "seamless", "stable" (0.4), "smooth" (0.375), "solved" (0.2)
  ...words('fast quick quickly speedy snappy intuitive straightforward painless efficient').map(
    (word): [string, number] => [word, 0.4],
  ),
  ['professional', 0.4], // the opposite of wink's "unprofessional" (-0.4)
  ['smoothly', 0.375],
  ['fixed', 0.2],
]);

/**
 * wink entries that in customer feedback name a topic, feature, plan or setting ("support", "premium", "sync",
 * "dark mode"), or mark a request ("please", "I want"), or persistence ("still broken"), not a judgement; and
 * "waiting", positive in wink, which customers use for delays.
 */
const OVERRIDES = new Map<string, number>([
  ...words('support help premium upgrade sync default alert pay dark please want still').map(
    (word): [string, number] => [word, 0],
  ),
  ['waiting', -0.2], // like wink's "delay"
]);

// ---------------------------------------------------------------------------------------------------------------
// wink's sentiment automaton, re-keyed from the model's lexeme ids to the normal forms `its.normal` returns.

/** Lexeme ids wink's automata reserve: the end of the token stream, and the fallback transition of a state. */
const END_ID = '2070000';
const OTHERWISE_ID = '2070003';
const END = '\u0000end';

interface Automaton {
  /** Per state: the next state for a normal form (or END). */
  next: Map<string, number>[];
  /** Per state: the state to fall back to when no transition matches (0 for none). */
  otherwise: Int32Array;
  /** Per state: the entry's value if the state ends one (wink ignores entries valued 0), else NaN. */
  value: Float64Array;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function loadAutomaton(): Automaton {
  const require = createRequire(import.meta.url);
  const models = 'wink-eng-lite-web-model/dist/languages/cur/models/';
  // The same module-cached objects wink loaded (no second copy of the 3 MB core model); its lexeme list maps the
  // automaton's ids to text.
  const core: unknown = require(`${models}eng-core-web-model.json`);
  const sa: unknown = require(`${models}eng-sa-model.json`);
  const lexemes =
    isRecord(core) && isRecord(core.features) && isRecord(core.features.lexeme) && core.features.lexeme.list;
  const machine: unknown = Array.isArray(sa) && typeof sa[0] === 'string' ? JSON.parse(sa[0]) : null;
  if (!Array.isArray(lexemes) || !Array.isArray(machine) || machine[0] !== 100) {
    throw new SentimentModelError('wink-eng-lite-web-model: unexpected sentiment model layout');
  }
  const [, lastState, fsm, terminals, marks, properties] = machine as unknown[];
  if (
    typeof lastState !== 'number' ||
    !isRecord(fsm) ||
    !isRecord(terminals) ||
    Object.keys(isRecord(marks) ? marks : {}).length > 0 ||
    Object.keys(isRecord(properties) ? properties : {}).length > 0
  ) {
    throw new SentimentModelError('wink-eng-lite-web-model: unexpected sentiment automaton');
  }
  const states = lastState + 1;
  const automaton: Automaton = {
    next: Array.from({ length: states }, () => new Map<string, number>()),
    otherwise: new Int32Array(states),
    value: new Float64Array(states).fill(Number.NaN),
  };
  for (const [state, transitions] of Object.entries(fsm)) {
    if (!isRecord(transitions)) continue;
    for (const [id, target] of Object.entries(transitions)) {
      if (typeof target !== 'number') continue;
      if (id === OTHERWISE_ID) automaton.otherwise[Number(state)] = target;
      else automaton.next[Number(state)].set(id === END_ID ? END : String(lexemes[Number(id)]), target);
    }
  }
  // A terminal's name is the entry's value in thousandths.
  for (const [state, name] of Object.entries(terminals)) automaton.value[Number(state)] = Number(name) / 1000;
  return automaton;
}

const automaton = loadAutomaton();

/** The value of each single-word entry (alone, not as the start of a longer one): where lemmas are looked up. */
const singleWords = new Map<string, number>();
for (const [word, state] of automaton.next[0]) {
  const value = Number.isNaN(automaton.value[state])
    ? automaton.value[automaton.otherwise[state]]
    : automaton.value[state];
  if (!Number.isNaN(value)) singleWords.set(word, value);
}
for (const [word, value] of ADDED) {
  if (singleWords.has(word)) throw new SentimentModelError(`wink's lexicon now has "${word}"`);
  singleWords.set(word, value);
}
for (const [word, value] of OVERRIDES) {
  if (!singleWords.has(word)) throw new SentimentModelError(`wink's lexicon no longer has "${word}"`);
  singleWords.set(word, value);
}

/** A lexicon entry found in the tokens: first and last token, and its value. */
interface Entry {
  start: number;
  end: number;
  value: number;
}

/**
 * wink's automaton run (a port of `recognize` in wink-nlp/src/automaton.js): greedy longest match, rolling back to
 * the last state with a fallback when a longer expression fails; newlines are skipped, zero-valued entries dropped.
 */
function recognize(normals: string[]): Entry[] {
  const { next, otherwise, value } = automaton;
  const length = normals.length;
  const entries: Entry[] = [];
  const push = (start: number, end: number, state: number) => {
    if (value[state] !== 0) entries.push({ start, end, value: value[state] });
  };
  let first = 0;
  let state = 0;
  let lastOtherwiseIndex = 0;
  let lastOtherwiseState = 0;
  for (let i = 0; i <= length; i += 1) {
    for (let j = i; j <= length; j += 1) {
      const token = j === length ? END : normals[j];
      if (token === '\n') continue;
      let nextState = next[state].get(token) ?? 0;
      if (state === 0 && nextState !== 0) first = j;
      if (!Number.isNaN(value[nextState])) {
        push(first, j, nextState);
        i = j;
        j = length + 100;
        nextState = 0;
        lastOtherwiseState = 0;
      } else if (nextState === 0) {
        if (lastOtherwiseState !== 0) {
          push(first, lastOtherwiseIndex, lastOtherwiseState);
          i = lastOtherwiseIndex;
          lastOtherwiseState = 0;
        }
        j = length + 100;
      }
      state = nextState;
      if (otherwise[state] !== 0) {
        lastOtherwiseIndex = j;
        lastOtherwiseState = otherwise[state];
      }
    }
  }
  return entries;
}

/**
 * wink-nlp's own score for a comment, recomputed from this module's copy of its lexicon: the tests and the
 * accuracy benchmark check it equals `doc.out(its.sentiment)`, which proves the copy faithful.
 */
export function winkScoreOf({ normals, negated, sentences: spans }: ReadComment): number {
  const entries = recognize(normals);
  let total = 0;
  let k = 0;
  for (const [, end] of spans) {
    let sum = 0;
    let count = 0;
    for (; k < entries.length && entries[k].start <= end; k += 1) {
      sum += negated[entries[k].start] ? -entries[k].value : entries[k].value;
      count += 1;
    }
    if (count > 0) total += sum / count;
  }
  return total / spans.length;
}

// ---------------------------------------------------------------------------------------------------------------

function labelOf(score: number): SentimentLabel {
  if (score >= NEUTRAL_BAND) return 'positive';
  if (score <= -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}

/** Normal forms are lower case, so a word has a cased letter iff upper-casing changes it. */
function hasLetter(normal: string): boolean {
  return normal.toUpperCase() !== normal;
}

/**
 * The lexicon entries of a comment in token order: wink's (with OVERRIDES); then, for a word no entry covers,
 * ADDED, or the value (wink's or ADDED's) of its lemma ("crashes" → "crash").
 */
function entriesOf(normals: string[], lemmas: string[]): Entry[] {
  const recognized = recognize(normals);
  const entries: Entry[] = [];
  // recognized[k] is wink's first entry that starts at or after token i.
  for (let i = 0, k = 0; i < normals.length; i += 1) {
    if (k < recognized.length && recognized[k].start === i) {
      const entry = recognized[k];
      const override = entry.start === entry.end ? OVERRIDES.get(normals[i]) : undefined;
      if (override === undefined) entries.push(entry);
      else if (override !== 0) entries.push({ ...entry, value: override });
      i = entry.end;
      k += 1;
      continue;
    }
    let value = singleWords.get(normals[i]);
    if (value === undefined && lemmas[i] !== normals[i] && hasLetter(normals[i])) {
      value = singleWords.get(lemmas[i]);
    }
    if (value) entries.push({ start: i, end: i, value });
  }
  return entries;
}

const PUNCTUATION = /^\p{P}+$/u;

/**
 * Sentence spans, a run of punctuation that wink splits off as a sentence of its own ("superb!!!!" ends in one)
 * joined to the sentence before: otherwise it would count as a sentence without sentiment and halve the score.
 */
function sentencesOf({ sentences, normals }: ReadComment): [number, number][] {
  const spans: [number, number][] = [];
  for (const [start, end] of sentences) {
    let punctuation = spans.length > 0;
    for (let i = start; punctuation && i <= end; i += 1) punctuation = PUNCTUATION.test(normals[i]);
    if (punctuation) spans[spans.length - 1][1] = end;
    else spans.push([start, end]);
  }
  return spans;
}

/** wink's negation flags, widened by the scopes of EXTRA_NEGATORS (a copy: the comment's own array is shared). */
function negationOf(normals: string[], spans: [number, number][], wink: boolean[]): boolean[] {
  let flags = wink;
  for (const [start, end] of spans) {
    for (let i = start; i <= end; i += 1) {
      if (!EXTRA_NEGATORS.has(normals[i])) continue;
      if (flags === wink) flags = wink.slice();
      let t = i + 1;
      for (; t <= end && !NEGATION_END.has(normals[t]) && !EXTRA_NEGATORS.has(normals[t]); t += 1)
        flags[t] = true;
      i = t - 1;
    }
  }
  return flags;
}

/** Weights from contrast: per token within a sentence, and per sentence for one that opens with "but". */
function contrastWeights(normals: string[], spans: [number, number][]) {
  const tokenWeight = new Float64Array(normals.length).fill(1);
  const sentenceWeight = new Float64Array(spans.length).fill(1);
  for (let s = 0; s < spans.length; s += 1) {
    const [start, end] = spans[s];
    for (let i = start; i <= end; i += 1) {
      if (!CONTRASTIVE.has(normals[i])) continue;
      if (i === start) {
        sentenceWeight[s] *= AFTER_CONTRAST;
        if (s > 0) sentenceWeight[s - 1] *= BEFORE_CONTRAST;
      } else {
        for (let t = start; t <= end; t += 1) tokenWeight[t] *= t < i ? BEFORE_CONTRAST : AFTER_CONTRAST;
      }
      break;
    }
    for (let i = start; i <= end; i += 1) {
      if (!CONCESSIVE.has(normals[i])) continue;
      let close = i + 1;
      let words = 0;
      for (; close <= end && !CLAUSE_END.has(normals[close]); close += 1)
        if (hasLetter(normals[close])) words += 1;
      if (words === 0) break; // "…, though." at the end refers back to another sentence
      for (let t = start; t <= end; t += 1)
        tokenWeight[t] *= t > i && t < close ? BEFORE_CONTRAST : AFTER_CONTRAST;
      break;
    }
  }
  return { tokenWeight, sentenceWeight };
}

/**
 * The booster adjustment of each entry (VADER: up to three words back, within the clause), and which tokens serve
 * as boosters: those lose their own value.
 */
function boostsOf(normals: string[], spans: [number, number][], entries: Entry[]) {
  const boost = new Float64Array(entries.length);
  const isBooster = new Uint8Array(normals.length);
  for (let e = 0, s = 0; e < entries.length; e += 1) {
    while (spans[s][1] < entries[e].start) s += 1;
    const sentenceStart = spans[s][0];
    for (
      let distance = 0, t = entries[e].start - 1;
      distance < 3 && t >= sentenceStart;
      distance += 1, t -= 1
    ) {
      if (CLAUSE_END.has(normals[t])) break;
      let direction = BOOSTERS.get(normals[t]);
      if (direction !== undefined) {
        isBooster[t] = 1;
      } else if (t > sentenceStart) {
        direction = BOOSTERS.get(`${normals[t - 1]} ${normals[t]}`);
        if (direction !== undefined) isBooster[t] = isBooster[t - 1] = 1;
      }
      if (direction !== undefined) boost[e] += direction * BOOST * BOOSTER_DECAY[distance];
    }
  }
  return { boost, isBooster };
}

/** The sentiment of a comment already read by `readComment`; O(tokens), nothing is read again. */
export function sentimentOf(read: ReadComment): Sentiment {
  const { normals, values } = read;
  const entries = entriesOf(normals, read.lemmas);
  if (entries.length === 0) return { label: 'neutral', score: 0 };

  const spans = sentencesOf(read);
  const negated = negationOf(normals, spans, read.negated);
  const { tokenWeight, sentenceWeight } = contrastWeights(normals, spans);
  const { boost, isBooster } = boostsOf(normals, spans, entries);
  // Capitals, as VADER reads them: an entry in capitals counts only if the comment has lower-case words too.
  const capitalised = (i: number) =>
    values[i].length >= 3 && values[i] !== normals[i] && values[i] === values[i].toUpperCase();
  let shouting: boolean | undefined;

  let total = 0;
  let totalWeight = 0;
  for (let s = 0, e = 0; s < spans.length; s += 1) {
    const [start, end] = spans[s];
    let sum = 0;
    let weights = 0;
    for (; e < entries.length && entries[e].start <= end; e += 1) {
      const { start: at, value } = entries[e];
      if (isBooster[at]) continue;
      let magnitude = Math.abs(value) + boost[e];
      if (capitalised(at)) {
        shouting ??= values.some((value) => value !== value.toUpperCase());
        if (shouting) magnitude += CAPS_BOOST;
      }
      const adjusted = Math.sign(value) * Math.max(0, Math.min(1, magnitude));
      sum += tokenWeight[at] * (negated[at] ? NEGATION_SCALAR * adjusted : adjusted);
      weights += tokenWeight[at];
    }
    let score = weights > 0 ? sum / weights : 0;
    if (score !== 0) {
      let exclamations = 0;
      for (let i = start; i <= end; i += 1) if (normals[i] === '!') exclamations += 1;
      score = clamp(score + Math.sign(score) * EXCLAMATION_BOOST * Math.min(exclamations, MAX_EXCLAMATIONS));
    }
    total += sentenceWeight[s] * score;
    totalWeight += sentenceWeight[s];
  }

  const score = Math.round(clamp(total / totalWeight) * 1000) / 1000;
  return { label: labelOf(score), score: score === 0 ? 0 : score };
}

/** Reads a text and returns its sentiment; when the comment is needed for more, read it once and use `sentimentOf`. */
export function sentimentOfText(text: string): Sentiment {
  return sentimentOf(readComment(text));
}
