// The one wink-nlp instance every text module reads documents with: its English model ships in the npm
// package, so nothing is downloaded at run time. A comment is read once and the document shared.

import model from 'wink-eng-lite-web-model';
import winkNLP, { type Document, type ItsFunction } from 'wink-nlp';

export type { Document, ItemToken } from 'wink-nlp';

// Named-entity recognition is left out of the pipe: nothing here reads it, and it costs a fifth of the time.
const pipe = ['sbd', 'negation', 'sentiment', 'pos'];

export const nlp = winkNLP(model, pipe);
export const its = nlp.its;
export const as = nlp.as;
/** its.lemma, typed as the token function it is (wink-nlp's declaration of it does not fit `out`). */
export const lemma = its.lemma as unknown as ItsFunction<string>;

/** Reads a text into a wink-nlp document (sentences, tokens, lemmas, part of speech, negation). */
export function readText(text: string): Document {
  return nlp.readDoc(text);
}

/** Tokenisation alone: the reference the text-analysis benchmark measures itself against (made on demand). */
export function bareTokenizer() {
  return winkNLP(model, []);
}
