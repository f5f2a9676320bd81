// Auto-tag rules: a keyword (any inflection: "refund" matches "refunds", "refunded") or an exact phrase
// ("two-factor login" matches "Two factor login!") applies a tag to every comment that contains it.
import type { CommentAnalysis } from './analyze.ts';
import { readComment } from './nlp.ts';

export interface TagRule {
  tagId: string;
  match: 'keyword' | 'phrase';
  pattern: string;
}

/** Words of a pattern as comments are normalised: lower-case word and number tokens, single spaces. */
export function normalizePattern(pattern: string): string[] {
  const { normals, types } = readComment(pattern);
  return normals.filter((_, index) => types[index] === 'word' || types[index] === 'number');
}

export class TagRuleMatcher {
  private readonly keywords = new Map<string, Set<string>>();
  private readonly phrases: Array<{ text: string; tagId: string }> = [];

  constructor(rules: readonly TagRule[]) {
    for (const rule of rules) {
      const words = normalizePattern(rule.pattern);
      if (words.length === 0) continue;
      if (rule.match === 'keyword' && words.length === 1) {
        // The keyword and its lemma both match, so a rule written as "refunds" finds "refund" too.
        const { lemmas } = readComment(words[0]);
        for (const form of new Set([words[0], ...lemmas])) {
          const tags = this.keywords.get(form) ?? new Set<string>();
          tags.add(rule.tagId);
          this.keywords.set(form, tags);
        }
      } else {
        this.phrases.push({ text: ` ${words.join(' ')} `, tagId: rule.tagId });
      }
    }
  }

  get empty(): boolean {
    return this.keywords.size === 0 && this.phrases.length === 0;
  }

  /** The tag ids whose rules the comment matches, sorted. */
  match(analysis: Pick<CommentAnalysis, 'words' | 'normalized'>): string[] {
    const tags = new Set<string>();
    for (const word of analysis.words) {
      const matched = this.keywords.get(word);
      if (matched) for (const tag of matched) tags.add(tag);
    }
    for (const phrase of this.phrases) {
      if (analysis.normalized.includes(phrase.text)) tags.add(phrase.tagId);
    }
    return [...tags].sort();
  }
}
