// A survey as the widget and SDK show it: the question, its scale, the comment prompt and the words around
// them in the survey's language. Nothing internal (quotas, sample rate, status) leaves the server.
import type { SurveyRow } from '../surveys/service.ts';
import { stringsFor } from './strings.ts';

export function presentPublicSurvey(survey: SurveyRow) {
  const { language, strings } = stringsFor(survey.language);
  const rated = survey.scale_min !== null && survey.scale_max !== null;
  return {
    id: survey.id,
    kind: survey.kind,
    language,
    question: survey.question ?? survey.name,
    scale: rated
      ? { min: survey.scale_min as number, max: survey.scale_max as number, style: survey.rating_style }
      : null,
    strings: {
      low: strings.scaleLow[survey.kind],
      high: strings.scaleHigh[survey.kind],
      comment: rated ? strings.reason : strings.commentOptional,
      optional: strings.optional,
      submit: strings.submit,
      close: strings.close,
      thanks: strings.thanksTitle,
      thanks_body: strings.thanksBody,
    },
  };
}
