// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from './api.ts';
import { SurveyPreview } from './survey-preview.tsx';

afterEach(cleanup);

const fixFirst: Question = {
  id: 'fix_first',
  type: 'single_choice',
  prompt: 'What should we fix first?',
  options: ['Speed', 'Price'],
  required: true,
  show_if: { score_min: 0, score_max: 6 },
};
const favourite: Question = {
  id: 'favourite',
  type: 'text',
  prompt: 'What do you like most?',
  required: false,
  show_if: { score_min: 9, score_max: 10 },
};

const preview = (changes: Partial<Parameters<typeof SurveyPreview>[0]> = {}) =>
  render(
    <SurveyPreview
      kind="nps"
      question="How likely are you to recommend Acme to a friend or colleague?"
      scale={{ min: 0, max: 10, style: 'numeric' }}
      questions={[fixFirst, favourite]}
      language="en"
      workspaceName="Acme"
      privacyNotice={null}
      {...changes}
    />,
  );

describe('the live preview', () => {
  it('shows the question, the scale with its anchors and the notice, as the hosted page does', () => {
    preview();
    const page = screen.getByTestId('survey-preview');
    expect(within(page).getByTestId('preview-question').textContent).toBe(
      'How likely are you to recommend Acme to a friend or colleague?',
    );
    expect(within(page).getAllByRole('radio')).toHaveLength(11);
    expect(page.textContent).toContain('0 = Not at all likely');
    expect(page.textContent).toContain('10 = Extremely likely');
    expect(page.textContent).toContain('Acme uses your answers to understand and improve its service.');
    // No score yet: the follow-ups and the comment wait for one.
    expect(screen.queryAllByTestId('preview-follow-up')).toHaveLength(0);
  });

  it('asks the follow-up of the score chosen: detractors what to fix, promoters what they like', () => {
    preview();
    fireEvent.click(screen.getByLabelText('3'));
    expect(screen.getAllByTestId('preview-follow-up').map((block) => block.textContent)).toEqual([
      'What should we fix first?SpeedPrice',
    ]);
    expect(screen.getByLabelText(/What is the main reason for your score\?/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('10'));
    expect(screen.getAllByTestId('preview-follow-up').map((block) => block.textContent)).toEqual([
      'What do you like most? (optional)',
    ]);
    fireEvent.click(screen.getByLabelText('7'));
    expect(screen.queryAllByTestId('preview-follow-up')).toHaveLength(0);
  });

  it('speaks the survey’s language around its questions', () => {
    preview({ language: 'de', kind: 'csat', scale: { min: 1, max: 5, style: 'stars' }, questions: [] });
    const page = screen.getByTestId('survey-preview');
    expect(page.getAttribute('lang')).toBe('de');
    expect(page.textContent).toContain('1 = Sehr unzufrieden');
    expect(screen.getByRole('radio', { name: '3 Sterne' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Senden' })).toBeTruthy();
  });

  it('renders what people type as text, never as markup', () => {
    const hostile = '<img src=x onerror="window.__xss=1">';
    preview({ question: hostile, questions: [{ id: 'x', type: 'text', prompt: hostile, required: false }] });
    const page = screen.getByTestId('survey-preview');
    expect(page.querySelector('img')).toBeNull();
    expect(within(page).getByTestId('preview-question').textContent).toBe(hostile);
  });

  it('has no rating and asks the comment at once for a custom survey without one', () => {
    preview({
      kind: 'custom',
      scale: null,
      questions: [{ id: 'idea', type: 'text', prompt: 'Any idea?', required: true }],
    });
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
    expect(screen.getAllByTestId('preview-follow-up')).toHaveLength(1);
    expect(screen.getByLabelText(/Anything else you would like to tell us\?/)).toBeTruthy();
  });
});
