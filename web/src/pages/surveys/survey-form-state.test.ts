import { describe, expect, it } from 'vitest';
import type { Survey, SurveyTemplate } from './api.ts';
import {
  asksQuestion,
  blankDraft,
  createBody,
  draftFromSurvey,
  draftProblems,
  fieldOfApiPath,
  newQuestion,
  questionIdFrom,
  type SurveyDraft,
  scaleOfDraft,
  scoreGroups,
  updateBody,
  withCsatScale,
  withTemplate,
} from './survey-form-state.ts';

// As GET /v1/survey-templates answers (src/domains/surveys/templates.ts).
const templates: SurveyTemplate[] = [
  {
    id: 'nps',
    kind: 'nps',
    name: 'Net Promoter Score',
    question: 'How likely are you to recommend … to a friend or colleague?',
    scale: { min: 0, max: 10, style: 'numeric' },
    follow_up: 'What is the main reason for your score?',
  },
  {
    id: 'csat-needs',
    kind: 'csat',
    name: 'Meets needs',
    question: 'How well does … meet your needs?',
    scale: { min: 1, max: 5, style: 'numeric' },
    follow_up: 'What is missing?',
  },
  {
    id: 'ces',
    kind: 'ces',
    name: 'Customer effort score',
    question: '… made it easy for me to handle my issue.',
    scale: { min: 1, max: 7, style: 'numeric' },
    follow_up: 'What made it harder than it should have been?',
  },
];

const npsDraft = (changes: Partial<SurveyDraft> = {}) => ({
  ...withTemplate(blankDraft(), 'nps', templates),
  name: 'Quarterly NPS',
  ...changes,
});

describe('a draft from a template', () => {
  it('takes the standard wording with the product name, and keeps following it until edited by hand', () => {
    let draft = npsDraft();
    expect(draft.question).toBe('How likely are you to recommend us to a friend or colleague?');
    draft = withTemplate({ ...draft, productName: 'Acme' }, 'csat-needs', templates);
    expect(draft).toMatchObject({ kind: 'csat', question: 'How well does Acme meet your needs?' });
    draft = withTemplate(
      { ...draft, question: 'My own words?', questionFromTemplate: false },
      'ces',
      templates,
    );
    expect(draft).toMatchObject({ kind: 'ces', question: 'My own words?', name: 'Quarterly NPS' });
  });

  it('asks every follow-up always again when the scale changes, since score ranges belong to a scale', () => {
    const draft = npsDraft({ questions: [newQuestion('text', 'Why?', { min: 0, max: 6 })] });
    expect(withTemplate(draft, 'nps', templates).questions[0].when).toBe('0-6');
    expect(withTemplate(draft, 'ces', templates).questions[0].when).toBe('always');
    const csat = withTemplate(draft, 'csat-needs', templates);
    const withRange = { ...csat, questions: [{ ...csat.questions[0], when: '1-3' }] };
    expect(withCsatScale(withRange, '1-10').questions[0].when).toBe('always');
    expect(withTemplate(draft, 'custom', templates)).toMatchObject({ kind: 'custom', question: '' });
  });
});

describe('the API body of a draft', () => {
  it('creates an NPS survey with a follow-up for detractors, its id made from its prompt', () => {
    const draft = npsDraft({
      language: 'de',
      samplePercent: '25',
      quota: '500',
      questions: [
        {
          ...newQuestion('single_choice', 'What should we fix first?', { min: 0, max: 6 }),
          options: 'Speed\n\n Price \n',
          required: true,
        },
        newQuestion('text', 'Anything else?'),
      ],
    });
    expect(createBody(draft)).toEqual({
      kind: 'nps',
      name: 'Quarterly NPS',
      language: 'de',
      question: 'How likely are you to recommend us to a friend or colleague?',
      questions: [
        {
          id: 'what_should_we_fix_first',
          type: 'single_choice',
          prompt: 'What should we fix first?',
          options: ['Speed', 'Price'],
          required: true,
          show_if: { score_min: 0, score_max: 6 },
        },
        { id: 'anything_else', type: 'text', prompt: 'Anything else?', required: false },
      ],
      sample_rate: 0.25,
      response_quota: 500,
    });
  });

  it('creates a CSAT survey on its chosen scale, and a custom one with or without a rating', () => {
    const csat = withCsatScale(withTemplate(npsDraft(), 'csat-needs', templates), '5-star');
    expect(createBody(csat)).toMatchObject({ kind: 'csat', scale: '5-star' });
    expect(scaleOfDraft(csat)).toEqual({ min: 1, max: 5, style: 'stars' });
    const custom = { ...withTemplate(npsDraft(), 'custom', templates), question: 'How was it?' };
    expect(createBody({ ...custom, ratingMin: '0', ratingMax: '4' })).toMatchObject({
      kind: 'custom',
      question: 'How was it?',
      rating: { min: 0, max: 4 },
    });
    const unrated = createBody({ ...custom, rated: false, question: '' });
    expect(unrated).not.toHaveProperty('rating');
    expect(unrated).not.toHaveProperty('question');
  });

  it('edits a stored survey: what the form shows is what it sends back, ids kept', () => {
    const stored: Survey = {
      id: 's1',
      kind: 'csat',
      name: 'Support',
      language: 'fr',
      question: 'How satisfied are you?',
      scale: { min: 1, max: 10, style: 'numeric' },
      questions: [
        {
          id: 'missing',
          type: 'text',
          prompt: 'What is missing?',
          required: false,
          show_if: { score_min: 1, score_max: 8 },
        },
        {
          id: 'odd',
          type: 'rating',
          prompt: 'Speed?',
          min: 1,
          max: 5,
          required: true,
          show_if: { score_min: 3, score_max: 4 },
        },
      ],
      sample_rate: 0.35,
      response_quota: null,
      status: 'active',
      created_at: '2026-01-01T00:00:00Z',
      archived_at: null,
    };
    const draft = draftFromSurvey(stored);
    expect(draft).toMatchObject({ csatScale: '1-10', samplePercent: '35', quota: '' });
    // 1–8 is the "not satisfied" group of a 1–10 scale; 3–4 is a range of its own.
    expect(draft.questions.map((q) => q.when)).toEqual(['1-8', 'custom']);
    expect(updateBody(draft)).toEqual({
      name: 'Support',
      language: 'fr',
      question: 'How satisfied are you?',
      questions: stored.questions,
      sample_rate: 0.35,
      response_quota: null,
    });
  });
});

describe('question ids', () => {
  it('read as the question, never clash, and always start with a letter', () => {
    const taken = new Set(['score', 'why']);
    expect(questionIdFrom('Why?', taken)).toBe('why_2');
    expect(questionIdFrom('Qu’est-ce qui manque ?', taken)).toBe('qu_est_ce_qui_manque');
    expect(questionIdFrom('1st impression', taken)).toBe('q_1st_impression');
    expect(questionIdFrom('', taken)).toBe('q');
    expect(questionIdFrom('x'.repeat(60), new Set(['x'.repeat(40)]))).toBe(`${'x'.repeat(38)}_2`);
    expect(questionIdFrom('Score', taken)).toBe('score_2');
  });
});

describe('problems before sending', () => {
  it('names each field a person has to fix, and none for a sound draft', () => {
    expect(draftProblems(npsDraft()).size).toBe(0);
    const problems = draftProblems(
      npsDraft({
        name: ' ',
        question: '',
        samplePercent: '0',
        quota: '1.5',
        questions: [
          { ...newQuestion('single_choice', 'Pick'), options: 'only one' },
          { ...newQuestion('rating', ''), min: '5', max: '5' },
          { ...newQuestion('text', 'Why?'), when: 'custom', showMin: '7', showMax: '11' },
        ],
      }),
    );
    expect([...problems.keys()]).toEqual([
      'name',
      'question',
      'questions.0.options',
      'questions.1.prompt',
      'questions.1.range',
      'questions.2.show_if',
      'sample_rate',
      'response_quota',
    ]);
    expect(problems.get('questions.2.show_if')).toBe(
      'Choose scores within 0–10, the first no higher than the second.',
    );
  });
});

describe('API error paths', () => {
  it('point at the field that shows them', () => {
    expect(fieldOfApiPath('name')).toBe('name');
    expect(fieldOfApiPath('questions[2].options[0]')).toBe('questions.2.options');
    expect(fieldOfApiPath('questions[1].max')).toBe('questions.1.range');
    expect(fieldOfApiPath('questions[0].show_if.score_max')).toBe('questions.0.show_if');
    expect(fieldOfApiPath('questions[3].id')).toBe('questions.3.prompt');
    expect(fieldOfApiPath('rating.max')).toBe('rating');
    expect(fieldOfApiPath('sample_rate')).toBe('sample_rate');
    expect(fieldOfApiPath('(body)')).toBeNull();
  });
});

describe('follow-ups in the preview', () => {
  it('ask an unconditional question always, and a conditional one only for a score in its range', () => {
    const detractors = { show_if: { score_min: 0, score_max: 6 } };
    expect(asksQuestion({}, null)).toBe(true);
    expect(asksQuestion(detractors, null)).toBe(false);
    expect(asksQuestion(detractors, 6)).toBe(true);
    expect(asksQuestion(detractors, 7)).toBe(false);
  });

  it('offer the groups each metric counts: detractors, the satisfied top two boxes, easy answers', () => {
    expect(scoreGroups('nps', { min: 0, max: 10 }).map((g) => [g.min, g.max])).toEqual([
      [0, 6],
      [7, 8],
      [9, 10],
    ]);
    expect(scoreGroups('csat', { min: 1, max: 10 }).map((g) => [g.min, g.max])).toEqual([
      [1, 8],
      [9, 10],
    ]);
    expect(scoreGroups('ces', { min: 1, max: 7 }).map((g) => [g.min, g.max])).toEqual([
      [1, 4],
      [5, 7],
    ]);
    expect(scoreGroups('custom', { min: 1, max: 5 })).toEqual([]);
  });
});
