// Auto-tag rules: a keyword matches any inflection of the word, a phrase its words in order, nothing else.
import { describe, expect, it } from 'vitest';
import { analyzeComment } from './analyze.ts';
import { TagRuleMatcher } from './tag-rules.ts';

const matcher = new TagRuleMatcher([
  { tagId: 'refunds', match: 'keyword', pattern: 'refund' },
  { tagId: 'crashes', match: 'keyword', pattern: 'Crashes' },
  { tagId: 'two-factor', match: 'phrase', pattern: 'two-factor login' },
  { tagId: 'dark-mode', match: 'phrase', pattern: 'Dark mode' },
]);
const tagsOf = (text: string) => matcher.match(analyzeComment(text));

describe('TagRuleMatcher', () => {
  it.each([
    ['I want a refund', ['refunds']],
    ['Still waiting for my refunds', ['refunds']],
    ['They refunded me twice', ['refunds']],
    ['The app crashed again', ['crashes']],
    ['It crashes on start', ['crashes']],
    ['Two factor login is broken!', ['two-factor']],
    ['two-factor   LOGIN never arrives', ['two-factor']],
    ['Please add a dark mode, and a refund button', ['dark-mode', 'refunds']],
  ])('tags %j with %j', (text, tags) => {
    expect(tagsOf(text)).toEqual(tags);
  });

  it.each([
    ['Refundable fares are great'],
    ['The login was two-factor'],
    ['Dark themes and a mode switch'],
    ['Nothing about money here'],
  ])('leaves %j untagged', (text) => {
    expect(tagsOf(text)).toEqual([]);
  });

  it('matches nothing with no rules, and says it is empty', () => {
    const none = new TagRuleMatcher([]);
    expect(none.empty).toBe(true);
    expect(none.match(analyzeComment('refund'))).toEqual([]);
    expect(matcher.empty).toBe(false);
  });
});
