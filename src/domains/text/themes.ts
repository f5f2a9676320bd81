// Theme discovery over customer comments: key phrases per comment, recurring themes per workspace, assignment.
import { compareKeys } from '../../shared/order.ts';
import { its, lemma, nlp, type ReadComment } from './nlp.ts';

/**
 * Words that name no topic on their own in general English. They end a noun phrase, so "loading time" yields
 * "loading" and "great product" nothing. (wink's stop words are not used: they include nouns that can be
 * topics, "call", "name", "show".)
 */
const GENERIC_WORDS = new Set(
  [
    // shell and light nouns
    'thing stuff way lot lots bit kind sort type part piece point fact case example reason problem issue',
    'question matter aspect idea sense deal situation use job work effort love fan opinion hope wish need good',
    // time, quantity and place within something
    'time day week month year hour minute second moment today tonight yesterday tomorrow morning evening night',
    'weekend number amount couple percent half rest star top bottom side front back middle end beginning',
    // people in general, and pro-forms
    'people person guy man woman folk everyone everybody someone somebody anyone anybody one everything',
    'anything something nothing',
    // the feedback itself, and its subject as a whole
    'product company business experience feedback review comment rating score survey recommendation thanks',
    // adjectives of quantity and order: they pick things out rather than describe them
    'other another many much more most few less least several same own such first last next previous whole',
    'entire various certain only overall',
  ].flatMap((line) => line.split(' ')),
);

/** Parts of speech a noun phrase is made of; it must end on a noun. */
const PHRASE_POS = new Set(['ADJ', 'NOUN', 'PROPN']);
const NOUN_POS = new Set(['NOUN', 'PROPN']);
/** A word: two letters or more, inner apostrophes and hyphens allowed; no numbers, e-mail addresses or links. */
const WORD = /^\p{L}[\p{L}'’-]*\p{L}$/u;
const MAX_PHRASE_WORDS = 3;

/**
 * Candidate key phrases of one comment: lemmatised, lower-case noun phrases (1–3 words) and their nouns,
 * deduplicated and sorted, generic words removed. "The checkout page was really slow." gives
 * ["checkout", "checkout page", "page"].
 */
export function keyPhrasesOf({ pos, normals, lemmas }: ReadComment): string[] {
  const phrases = new Set<string>();
  let run: string[] = []; // the words of the phrase being read
  let runNouns = 0; // how many words of the run, counted from its start, end on a noun

  const closeRun = () => {
    // Trailing adjectives ("search results irrelevant") are not part of the phrase; its head is its last noun.
    const words = run.slice(0, runNouns);
    for (let length = 2; length <= Math.min(MAX_PHRASE_WORDS, words.length); length += 1) {
      phrases.add(words.slice(-length).join(' '));
    }
    run = [];
    runNouns = 0;
  };

  for (let i = 0; i < pos.length; i += 1) {
    if (!PHRASE_POS.has(pos[i]) && pos[i] !== 'VERB') {
      closeRun();
      continue;
    }
    // A redaction placeholder ("[email]", "[phone]") stands for what was removed, not for a topic.
    if (normals[i - 1] === '[' && normals[i + 1] === ']') {
      closeRun();
      continue;
    }
    const { tag, word } = readToken(i, pos, normals, lemmas);
    if (!PHRASE_POS.has(tag) || !WORD.test(word) || GENERIC_WORDS.has(word)) {
      closeRun();
      continue;
    }
    run.push(word);
    if (NOUN_POS.has(tag)) {
      phrases.add(word);
      runNouns = run.length;
    }
  }
  closeRun();
  return [...phrases].sort(compareKeys);
}

/**
 * The part of speech and word of token i, correcting two tagger habits that matter for phrases.
 * - Capitalised words are tagged as proper nouns ("Great app", "TERRIBLE support", "Prices went up"), and proper
 *   nouns are not lemmatised: such a word is read as it is read on its own, in lower case — an adjective, or a
 *   noun with its lemma. Names stay names: on their own they are nouns too.
 * - Gerunds used as nouns are tagged as verbs ("the onboarding was smooth", "your shipping costs"): an -ing verb
 *   after a determiner or possessive, or between a determiner, pronoun, adjective or noun (or the start) and a
 *   noun, is read as a noun.
 */
function readToken(
  i: number,
  pos: readonly string[],
  normals: readonly string[],
  lemmas: readonly string[],
): { tag: string; word: string } {
  const tag = pos[i];
  if (tag === 'PROPN') {
    const alone = readAlone(normals[i]);
    if (alone.tag === 'ADJ' || alone.tag === 'ADV') return { tag: 'ADJ', word: alone.word };
    return { tag, word: alone.tag === 'NOUN' ? alone.word : normals[i] };
  }
  if (tag === 'VERB' && normals[i].endsWith('ing')) {
    const modifies = NOUN_POS.has(pos[i + 1]) && (i === 0 || GERUND_FOLLOWS.has(pos[i - 1]));
    const determined = pos[i - 1] === 'DET' || POSSESSIVES.has(normals[i - 1]);
    if (modifies || determined) return { tag: 'NOUN', word: normals[i] };
  }
  return { tag, word: wordOf(normals[i], lemmas[i]) };
}

/** Tags after which an -ing verb before a noun modifies it ("the loading time"), rather than acts on it. */
const GERUND_FOLLOWS = new Set(['DET', 'PRON', 'ADJ', 'NOUN', 'PROPN', 'PUNCT', 'CCONJ', 'ADP']);
const POSSESSIVES = new Set(['my', 'your', 'our', 'their', 'his', 'her', 'its']);

/** Words as read on their own: their usual part of speech and lemma. Remembered, as capitalised words recur. */
const alone = new Map<string, { tag: string; word: string }>();
const ALONE_MEMORY = 10_000;

function readAlone(normal: string): { tag: string; word: string } {
  let read = alone.get(normal);
  if (read === undefined) {
    const tokens = nlp.readDoc(normal).tokens();
    // A word wink splits in two ("wi-fi") is kept whole, as a name.
    read =
      tokens.length() === 1
        ? { tag: tokens.out(its.pos)[0], word: wordOf(normal, tokens.out(lemma)[0]) }
        : { tag: 'PROPN', word: normal };
    // Bounded: a stream of never-seen names cannot grow the memory without limit.
    if (alone.size >= ALONE_MEMORY) alone.clear();
    alone.set(normal, read);
  }
  return read;
}

/**
 * The lemma, unless it is longer than the word itself: wink's lemmas are right for inflections ("invoices" →
 * "invoice", "children" → "child") but it also maps some words to others ("app" → "application", "data" →
 * "datum"), which would make labels no customer wrote.
 */
function wordOf(normal: string, lemma: string): string {
  return (lemma.length <= normal.length ? lemma : normal).toLowerCase();
}

export interface ThemeDefinition {
  /** Stable identity: the slug of the word the theme was first found around, e.g. "checkout". */
  key: string;
  /** Readable name, e.g. "Checkout" or "Search results". */
  label: string;
  /** The phrases that signal the theme in a comment: its anchor word first, then other words, then phrases. */
  terms: string[];
}

export interface DiscoveredTheme extends ThemeDefinition {
  /** How many comments mention the theme. */
  documents: number;
}

export interface DiscoveryOptions {
  /** The themes of the last run: a theme found again keeps its key and label. */
  previous?: readonly ThemeDefinition[];
  /** At most this many themes, the largest first; 50 unless told. */
  maxThemes?: number;
  /** A theme needs a word in at least this many comments; unless told, 5 or 0.5% of the comments if more. */
  minDocuments?: number;
}

const DEFAULT_MAX_THEMES = 50;
const DEFAULT_MIN_DOCUMENTS = 5;
const DEFAULT_MIN_SHARE = 0.005;
/** A word in more than this share of comments describes the whole workspace (its product's name), not a theme. */
const MAX_SHARE = 0.5;
/** A word joins a theme when at least this share of its comments also mention the theme's anchor… */
const JOIN_SHARE = 0.5;
/** …at least this many times as often as comments mention the anchor overall… */
const JOIN_LIFT = 2;
/** …and fewer than this share mention another theme's anchor: "process" in "checkout/onboarding process". */
const SHARED_SHARE = 0.1;
/**
 * A word anchors a theme when at least this share of its mentions are on its own, not in a compound with
 * another noun: "page" is nearly always "checkout page", "settings page"…, and names no topic by itself…
 */
const ON_ITS_OWN_SHARE = 0.2;
/** …and at least this share of its comments mention no larger anchor. */
const NEW_SHARE = 0.5;
/** A phrase names its theme when at least this share of the anchor's comments use it ("search results"). */
const LABEL_SHARE = 0.5;
/** How many multi-word phrases a theme lists among its terms, besides its words. */
const MAX_PHRASE_TERMS = 10;

/**
 * Finds the workspace's recurring themes from the stored phrases of its comments. Deterministic: the same
 * comments, in any order, give the same themes.
 *
 * 1. Count, for every word (one-word phrase), the comments that mention it, and how many mention it on its own
 *    rather than compounded with another noun: "checkout" in "checkout was slow", not "page" in "checkout page".
 * 2. Pick anchors, largest first (last run's first): words mentioned on their own often enough, most of whose
 *    comments are not already explained by a larger anchor they go with. Words too rare, too common or
 *    generic are no anchors.
 * 3. Every other word joins the one anchor most of its comments mention ("staff" → support), unless it goes
 *    with several ("process" in "checkout process" and "onboarding process"); then it is left out.
 * 4. Give each theme a label and its terms, count its comments, keep the largest, carry over previous keys.
 *
 * Distinctiveness: wink's model has no word frequencies, so how common a word is comes from the workspace
 * itself. A word everyone uses (in over half the comments) is nobody's theme; shared words are no anchors;
 * and a word goes with an anchor only when it meets it at least twice as often as chance (a lift ≥ 2), so a
 * big anchor does not swallow words that meet it by chance. Generic English words are dropped at extraction,
 * and again here for phrases stored before the list last changed.
 */
export function discoverThemes(
  comments: ReadonlyArray<readonly string[]>,
  options: DiscoveryOptions = {},
): DiscoveredTheme[] {
  const minDocuments =
    options.minDocuments ?? Math.max(DEFAULT_MIN_DOCUMENTS, Math.ceil(comments.length * DEFAULT_MIN_SHARE));
  const previous = options.previous ?? [];
  const index = indexPhrases(comments);
  const groups = groupWords(index, minDocuments, previous);
  const themes = describeGroups(groups, index, minDocuments);
  const documents = countDocuments(themes, comments);
  const largest = themes
    .map((theme, i) => ({ ...theme, documents: documents[i] }))
    .sort((a, b) => b.documents - a.documents || compareKeys(a.terms[0], b.terms[0]))
    .slice(0, options.maxThemes ?? DEFAULT_MAX_THEMES);
  return carryOverKeys(largest, previous);
}

/** What discovery knows about the phrases of a workspace's comments. */
interface PhraseIndex {
  total: number;
  /** For each word, the comments (by position) that mention it. */
  postings: Map<string, number[]>;
  /** For each word, how many comments mention it outside a compound with another noun. */
  standalone: Map<string, number>;
  /** For each phrase of several words, how many comments use it. */
  phraseCounts: Map<string, number>;
}

function indexPhrases(comments: ReadonlyArray<readonly string[]>): PhraseIndex {
  const postings = new Map<string, number[]>();
  const standalone = new Map<string, number>();
  const phraseCounts = new Map<string, number>();
  comments.forEach((commentPhrases, position) => {
    const phrases = new Set(commentPhrases);
    // The nouns of a phrase are stored beside it as words, so a phrase with two of them is a compound.
    const compounded = new Set<string>();
    for (const phrase of phrases) {
      if (!phrase.includes(' ')) continue;
      phraseCounts.set(phrase, (phraseCounts.get(phrase) ?? 0) + 1);
      const nouns = phrase.split(' ').filter((word) => phrases.has(word));
      if (nouns.length > 1) for (const noun of nouns) compounded.add(noun);
    }
    for (const phrase of phrases) {
      if (phrase === '' || phrase.includes(' ')) continue;
      const list = postings.get(phrase);
      if (list) list.push(position);
      else postings.set(phrase, [position]);
      if (!compounded.has(phrase)) standalone.set(phrase, (standalone.get(phrase) ?? 0) + 1);
    }
  });
  return { total: comments.length, postings, standalone, phraseCounts };
}

/** A theme in the making: the word it was found around, and the words that joined it. */
interface WordGroup {
  anchor: string;
  words: string[];
}

function groupWords(
  index: PhraseIndex,
  minDocuments: number,
  previous: readonly ThemeDefinition[],
): WordGroup[] {
  const { total, postings, standalone } = index;
  const documentsOf = (word: string) => postings.get(word)!.length;
  // Last run's anchors go first, so a theme whose words are still as common is found around the same word.
  const previousAnchors = new Set(previous.map((theme) => theme.terms[0]));
  const candidates = [...postings.keys()]
    .filter((word) => {
      const documents = documentsOf(word);
      return documents >= minDocuments && documents <= MAX_SHARE * total && !GENERIC_WORDS.has(word);
    })
    .sort(
      (a, b) =>
        Number(previousAnchors.has(b)) - Number(previousAnchors.has(a)) ||
        documentsOf(b) - documentsOf(a) ||
        compareKeys(a, b),
    );

  const anchors: string[] = [];
  const anchorsIn: number[][] = Array.from({ length: total }, () => []); // per comment: its anchors, by number

  /**
   * The anchors a word goes with — those its comments mention at least JOIN_LIFT times as often as comments
   * do overall, so that a word everyone uses is no one's — most shared first, and how many of the word's
   * comments mention any of them.
   */
  const associationsOf = (comments: readonly number[]) => {
    const together = new Map<number, number>();
    for (const comment of comments) {
      for (const anchor of anchorsIn[comment]) together.set(anchor, (together.get(anchor) ?? 0) + 1);
    }
    const associated = [...together]
      .map(([anchor, count]) => ({ anchor, share: count / comments.length }))
      .filter(({ anchor, share }) => share >= JOIN_LIFT * (documentsOf(anchors[anchor]) / total))
      .sort((a, b) => b.share - a.share || a.anchor - b.anchor);
    const isAssociated = new Set(associated.map(({ anchor }) => anchor));
    const covered = comments.filter((comment) => anchorsIn[comment].some((a) => isAssociated.has(a))).length;
    return { associated, covered };
  };

  // 1. Anchors, largest first: a word mentioned on its own often enough, most of whose comments mention no
  //    larger anchor it goes with.
  const isAnchor = new Set<string>();
  for (const word of candidates) {
    const comments = postings.get(word)!;
    if ((standalone.get(word) ?? 0) < ON_ITS_OWN_SHARE * comments.length) continue;
    if (comments.length - associationsOf(comments).covered < NEW_SHARE * comments.length) continue;
    for (const comment of comments) anchorsIn[comment].push(anchors.length);
    anchors.push(word);
    isAnchor.add(word);
  }

  // 2. Every other word joins the one anchor it goes with, if there is one: most of its comments mention
  //    that anchor, few mention another.
  const groups: WordGroup[] = anchors.map((anchor) => ({ anchor, words: [anchor] }));
  for (const word of candidates) {
    if (isAnchor.has(word)) continue;
    const [first, second] = associationsOf(postings.get(word)!).associated;
    if (first && first.share >= JOIN_SHARE && !(second && second.share >= SHARED_SHARE)) {
      groups[first.anchor].words.push(word);
    }
  }
  return groups;
}

/** A theme before its key is settled. */
interface Described {
  label: string;
  /** Anchor first. */
  terms: string[];
}

function describeGroups(groups: readonly WordGroup[], index: PhraseIndex, minDocuments: number): Described[] {
  const { postings, phraseCounts } = index;
  const groupOf = new Map<string, number>();
  groups.forEach((group, i) => {
    for (const word of group.words) groupOf.set(word, i);
  });
  // The common phrases that contain a word of each group, most used first.
  const phrasesOf = groups.map(() => new Set<string>());
  const commonPhrases = [...phraseCounts.keys()]
    .filter((phrase) => phraseCounts.get(phrase)! >= minDocuments)
    .sort((a, b) => phraseCounts.get(b)! - phraseCounts.get(a)! || compareKeys(a, b));
  for (const phrase of commonPhrases) {
    for (const word of phrase.split(' ')) {
      const group = groupOf.get(word);
      if (group !== undefined) phrasesOf[group].add(phrase);
    }
  }
  const documentsOf = (word: string) => postings.get(word)?.length ?? 0;
  return groups.map((group, i) => {
    const [anchor, ...others] = group.words;
    others.sort((a, b) => documentsOf(b) - documentsOf(a) || compareKeys(a, b));
    const phrases = [...phrasesOf[i]];
    // A label is a phrase of nouns only ("search results", not "slow search"), used by most of the anchor's
    // comments; adjectives would turn a theme's name into one customer's verdict.
    const naming = phrases.find(
      (phrase) =>
        phrase.split(' ').includes(anchor) &&
        phrase.split(' ').every((word) => documentsOf(word) >= minDocuments) &&
        phraseCounts.get(phrase)! >= LABEL_SHARE * documentsOf(anchor),
    );
    return {
      label: sentenceCase(naming ?? anchor),
      terms: [anchor, ...others, ...phrases.slice(0, MAX_PHRASE_TERMS)],
    };
  });
}

function countDocuments(themes: readonly Described[], comments: ReadonlyArray<readonly string[]>): number[] {
  const matcher = new ThemeMatcher(themes.map((theme, i) => ({ ...theme, key: String(i) })));
  const counts = themes.map(() => 0);
  for (const phrases of comments) {
    for (const key of matcher.match(phrases)) counts[Number(key)] += 1;
  }
  return counts;
}

/**
 * Keys and labels carry over from the previous run: a theme keeps a previous theme's key and label (which a
 * person may have edited) when it has the same anchor; failing that, when one's anchor is among the other's
 * terms or half their terms are shared (Jaccard ≥ 0.5), the closest such theme. Each previous key goes to one
 * theme at most; the others get a slug of their anchor.
 */
function carryOverKeys(
  themes: ReadonlyArray<Described & { documents: number }>,
  previous: readonly ThemeDefinition[],
): DiscoveredTheme[] {
  const claimed = new Set<ThemeDefinition>();
  const heirs = themes.map((theme) => {
    const same = previous.find((old) => old.terms[0] === theme.terms[0]);
    if (same) claimed.add(same);
    return same;
  });
  themes.forEach((theme, i) => {
    if (heirs[i]) return;
    let best: ThemeDefinition | undefined;
    let bestOverlap = 0;
    for (const old of previous) {
      if (claimed.has(old)) continue;
      const overlap = jaccard(theme.terms, old.terms);
      const related =
        old.terms.includes(theme.terms[0]) || theme.terms.includes(old.terms[0]) || overlap >= 0.5;
      if (related && (best === undefined || overlap > bestOverlap)) [best, bestOverlap] = [old, overlap];
    }
    if (best) claimed.add(best);
    heirs[i] = best;
  });
  // A new theme takes none of the previous keys, inherited or not: a key always means the same theme.
  const usedKeys = new Set(previous.map((old) => old.key));
  return themes.map((theme, i) => {
    const heir = heirs[i];
    if (heir) return { key: heir.key, label: heir.label, terms: theme.terms, documents: theme.documents };
    const slug = slugOf(theme.terms[0]);
    let key = slug;
    for (let n = 2; usedKeys.has(key); n += 1) key = `${slug}-${n}`;
    usedKeys.add(key);
    return { key, label: theme.label, terms: theme.terms, documents: theme.documents };
  });
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const setB = new Set(b);
  const shared = a.filter((term) => setB.has(term)).length;
  return shared / (a.length + b.length - shared);
}

function slugOf(word: string): string {
  return word.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'theme';
}

function sentenceCase(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** Assigns comments to themes by their stored phrases; built once, then a Map lookup per phrase. */
export class ThemeMatcher {
  readonly #keysOf = new Map<string, string[]>();

  constructor(themes: readonly ThemeDefinition[]) {
    for (const theme of themes) {
      for (const term of new Set(theme.terms)) {
        const keys = this.#keysOf.get(term);
        if (keys) keys.push(theme.key);
        else this.#keysOf.set(term, [theme.key]);
      }
    }
  }

  /** The keys of the themes these phrases signal, sorted. */
  match(phrases: readonly string[]): string[] {
    const keys = new Set<string>();
    for (const phrase of phrases) {
      for (const key of this.#keysOf.get(phrase) ?? []) keys.add(key);
    }
    return [...keys].sort(compareKeys);
  }
}
