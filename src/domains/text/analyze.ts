// One comment's analysis: read once with wink-nlp, then sentiment, key phrases and the words tag rules match.
import { lemma, nlp, type ReadComment, readComment } from './nlp.ts';
import { type Sentiment, sentimentOf } from './sentiment.ts';
import { keyPhrasesOf } from './themes.ts';

export interface CommentAnalysis {
  sentiment: Sentiment;
  /** Lemmatised key phrases: what themes are discovered from and matched by. */
  phrases: string[];
  /** The comment's words, lower-cased, and their lemmas: what keyword rules match. */
  words: Set<string>;
  /** The words joined by single spaces: what phrase rules match. */
  normalized: string;
}

export function analyzeComment(text: string): CommentAnalysis {
  return analyzeRead(readComment(text));
}

export function analyzeRead(read: ReadComment): CommentAnalysis {
  const { normals, lemmas, types, pos } = read;
  const kept: string[] = [];
  const words = new Set<string>();
  for (let index = 0; index < normals.length; index += 1) {
    if (types[index] !== 'word' && types[index] !== 'number') continue;
    kept.push(normals[index]);
    words.add(normals[index]);
    words.add(lemmas[index]);
    // wink reads a capitalised word ("Refunds take ages.") as a proper noun and does not lemmatise it.
    if (pos[index] === 'PROPN') words.add(lemmaAlone(normals[index]));
  }
  return {
    sentiment: sentimentOf(read),
    phrases: keyPhrasesOf(read),
    words,
    normalized: ` ${kept.join(' ')} `,
  };
}

/** The lemma of a word read on its own, remembered (bounded): capitalised words recur. */
const alone = new Map<string, string>();
function lemmaAlone(normal: string): string {
  let found = alone.get(normal);
  if (found === undefined) {
    const tokens = nlp.readDoc(normal).tokens();
    found = tokens.length() === 1 ? (tokens.out(lemma) as string[])[0] : normal;
    if (alone.size >= 10_000) alone.clear();
    alone.set(normal, found);
  }
  return found;
}
