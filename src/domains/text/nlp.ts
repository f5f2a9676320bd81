// The one wink-nlp instance every text module reads comments with: its English model ships in the npm
// package, so nothing is downloaded at run time. A comment is read once and its token arrays shared.

import model from 'wink-eng-lite-web-model';
import winkNLP, { type Document, type ItsFunction } from 'wink-nlp';

export type { Document } from 'wink-nlp';

// Sentences, negation scopes and parts of speech. wink's own sentiment step is left out (the analyser scores
// with its own copy of wink's lexicon, sentiment.ts), and so is named-entity recognition: nothing reads them.
const pipe = ['sbd', 'negation', 'pos'];

export const nlp = winkNLP(model, pipe);
export const its = nlp.its;
/** its.lemma, typed as the token function it is (wink-nlp's declaration of it does not fit `out`). */
export const lemma = its.lemma as unknown as ItsFunction<string>;

/**
 * A comment as the analysers read it: each token property as one whole-document array (wink computes a
 * property for all tokens at once far more cheaply than token by token), read once and shared.
 */
export interface ReadComment {
  /** Tokens as written. */
  values: string[];
  /** Lower-case forms. */
  normals: string[];
  lemmas: string[];
  /** Universal part-of-speech tags: NOUN, VERB, ADJ, PROPN, PUNCT, … */
  pos: string[];
  /** word, number, punctuation, email, url, emoji, … */
  types: string[];
  /** Inside a negation scope ("not [very good]"). */
  negated: boolean[];
  /** First and last token of each sentence. */
  sentences: [number, number][];
}

/** Reads a text: sentences, tokens, lemmas, parts of speech and negation, all at once. */
export function readComment(text: string): ReadComment {
  return readDocument(nlp.readDoc(text));
}

/** The arrays of a document read by a wink instance with at least this module's pipe. */
export function readDocument(doc: Document): ReadComment {
  const tokens = doc.tokens();
  return {
    values: tokens.out() as string[],
    normals: tokens.out(its.normal) as string[],
    lemmas: tokens.out(lemma) as string[],
    pos: tokens.out(its.pos) as string[],
    types: tokens.out(its.type) as string[],
    negated: tokens.out(its.negationFlag) as boolean[],
    sentences: doc.sentences().out(its.span) as [number, number][],
  };
}

/** Tokenisation alone: the reference the text-analysis benchmark measures itself against (made on demand). */
export function bareTokenizer() {
  return winkNLP(model, []);
}

/** wink-nlp with its own sentiment step: what the analyser's score is compared with (made on demand). */
export function winkWithSentiment() {
  return winkNLP(model, [...pipe, 'sentiment']);
}
