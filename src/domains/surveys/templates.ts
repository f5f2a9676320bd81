// The standard question wordings, shipped as templates; "…" is the product or company being rated.
import type { SurveyKind } from './schema.ts';

export interface SurveyTemplate {
  id: string;
  kind: SurveyKind;
  name: string;
  question: string;
  scale: { min: number; max: number; style: 'numeric' | 'stars' };
  follow_up: string;
}

export const surveyTemplates: SurveyTemplate[] = [
  {
    id: 'nps',
    kind: 'nps',
    name: 'Net Promoter Score',
    question: 'How likely are you to recommend … to a friend or colleague?',
    scale: { min: 0, max: 10, style: 'numeric' },
    follow_up: 'What is the main reason for your score?',
  },
  {
    id: 'csat',
    kind: 'csat',
    name: 'Customer satisfaction',
    question: 'How satisfied are you with …?',
    scale: { min: 1, max: 5, style: 'numeric' },
    follow_up: 'What could we do better?',
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
    id: 'csat-value',
    kind: 'csat',
    name: 'Perceived value',
    question: 'What value does … give you?',
    scale: { min: 1, max: 5, style: 'numeric' },
    follow_up: 'What would make it more valuable to you?',
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

const defaultTemplateByKind: Partial<Record<SurveyKind, SurveyTemplate>> = {
  nps: surveyTemplates[0],
  csat: surveyTemplates[1],
  ces: surveyTemplates[4],
};

export function defaultQuestion(kind: SurveyKind, productName = 'us'): string | null {
  const template = defaultTemplateByKind[kind];
  return template ? template.question.replace('…', productName) : null;
}

export function scaleOf(kind: SurveyKind, csatScale?: '1-5' | '1-10' | '5-star') {
  if (kind === 'nps') return { min: 0, max: 10, style: 'numeric' as const };
  if (kind === 'ces') return { min: 1, max: 7, style: 'numeric' as const };
  if (kind === 'csat') {
    if (csatScale === '1-10') return { min: 1, max: 10, style: 'numeric' as const };
    return { min: 1, max: 5, style: csatScale === '5-star' ? ('stars' as const) : ('numeric' as const) };
  }
  return null;
}
