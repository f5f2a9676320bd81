import { describe, expect, it } from 'vitest';
import type { Question } from './schema.ts';
import { answerProblems, type SurveyRow } from './service.ts';

const buildSurvey = (changes: Partial<SurveyRow> = {}): SurveyRow => ({
  workspace_id: 'w',
  id: 's',
  kind: 'nps',
  name: 'NPS',
  language: 'en',
  question: 'How likely…',
  scale_min: 0,
  scale_max: 10,
  rating_style: 'numeric',
  questions: [],
  sample_rate: 1,
  response_quota: null,
  status: 'active',
  created_at: new Date(0),
  archived_at: null,
  ...changes,
});

const reason: Question = {
  id: 'reason',
  type: 'single_choice',
  prompt: 'What went wrong?',
  options: ['price', 'speed'],
  required: true,
  show_if: { score_min: 0, score_max: 6 },
};

describe('answerProblems', () => {
  it('accepts a score on the survey scale', () => {
    expect(answerProblems(buildSurvey(), { score: 10 })).toEqual([]);
  });

  it('names the score and the scale when it is off the scale of a CSAT survey', () => {
    expect(
      answerProblems(buildSurvey({ kind: 'csat', scale_min: 1, scale_max: 5 }), { score: 0 }, 'responses[2]'),
    ).toEqual([{ path: 'responses[2].score', message: 'must be an integer 1–5 for this csat survey' }]);
  });

  it('requires a follow-up only when the score asks for it', () => {
    const survey = buildSurvey({ questions: [reason] });
    expect(answerProblems(survey, { score: 3 })).toEqual([
      { path: 'answers.reason', message: 'is required' },
    ]);
    expect(answerProblems(survey, { score: 9 })).toEqual([]);
    expect(answerProblems(survey, { score: 3, answers: { reason: 'speed' } })).toEqual([]);
  });

  it('rejects answers to unknown questions and options outside the list', () => {
    const survey = buildSurvey({ questions: [reason] });
    expect(answerProblems(survey, { score: 2, answers: { reason: 'colour', mood: 'ok' } })).toEqual([
      { path: 'answers.reason', message: 'must be one of: price, speed' },
      { path: 'answers.mood', message: 'is not a question of this survey' },
    ]);
  });

  it('refuses responses to an archived survey', () => {
    expect(answerProblems(buildSurvey({ status: 'archived' }), { score: 5 })).toEqual([
      { path: 'survey_id', message: 'is archived and takes no responses' },
    ]);
  });
});
