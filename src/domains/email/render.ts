// The survey e-mail: the question with its scale as links (one click records the score and opens the
// comment page), a plain-text alternative with the same links, the data-use notice and an unsubscribe link.
// Table layout and inline styles: what e-mail clients render alike.
import { escapeHtml } from '../hosted/html.ts';
import type { PageStrings } from '../hosted/strings.ts';
import type { SurveyRow } from '../surveys/service.ts';

export interface SurveyEmail {
  subject: string;
  html: string;
  text: string;
}

export interface SurveyEmailInput {
  survey: SurveyRow;
  workspaceName: string;
  strings: PageStrings;
  language: string;
  /** The personal survey link, without a score: /s/{token} on the public base URL. */
  surveyUrl: string;
  unsubscribeUrl: string;
  notice: string;
  intro: string | null;
  subject: string;
}

export function renderSurveyEmail(input: SurveyEmailInput): SurveyEmail {
  const { survey, strings } = input;
  const question = survey.question ?? survey.name;
  const min = survey.scale_min ?? 0;
  const max = survey.scale_max ?? 0;
  const scoreUrl = (score: number) => `${input.surveyUrl}?score=${score}`;
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const label = (score: number) => (survey.rating_style === 'stars' ? `${'★'.repeat(score)}` : String(score));
  const e = escapeHtml;

  const cells = scores
    .map(
      (score) =>
        `<td style="padding:2px"><a href="${e(scoreUrl(score))}" style="display:block;min-width:32px;padding:10px 0;border:1px solid #6b7280;border-radius:6px;text-align:center;font:600 16px/1 Arial,sans-serif;color:#1f2937;text-decoration:none" aria-label="${e(survey.rating_style === 'stars' ? strings.stars(score) : String(score))}">${e(label(score))}</a></td>`,
    )
    .join('');
  const html = `<!doctype html>
<html lang="${e(input.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(input.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:12px">
<tr><td style="padding:24px 24px 8px;font:600 14px/1.4 Arial,sans-serif;color:#4b5563">${e(input.workspaceName)}</td></tr>
${input.intro ? `<tr><td style="padding:0 24px 8px;font:16px/1.5 Arial,sans-serif;color:#1f2937">${e(input.intro)}</td></tr>` : ''}
<tr><td style="padding:8px 24px 12px;font:700 20px/1.35 Arial,sans-serif;color:#1f2937">${e(question)}</td></tr>
<tr><td style="padding:0 22px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>${cells}</tr></table></td></tr>
${
  survey.scale_min !== null
    ? `<tr><td style="padding:6px 24px 0"><table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="font:13px/1.4 Arial,sans-serif;color:#4b5563">${e(`${min} = ${strings.scaleLow[survey.kind]}`)}</td><td align="right" style="font:13px/1.4 Arial,sans-serif;color:#4b5563">${e(`${max} = ${strings.scaleHigh[survey.kind]}`)}</td></tr></table></td></tr>`
    : ''
}
<tr><td style="padding:20px 24px 24px;font:12px/1.5 Arial,sans-serif;color:#4b5563">${e(input.notice)}<br><a href="${e(input.unsubscribeUrl)}" style="color:#4b5563">${e(strings.unsubscribe)}</a></td></tr>
</table></td></tr></table>
</body></html>
`;
  const text = [
    input.workspaceName,
    '',
    ...(input.intro ? [input.intro, ''] : []),
    question,
    '',
    ...(survey.scale_min !== null
      ? [
          `${strings.emailChooseScore} (${min} = ${strings.scaleLow[survey.kind]}, ${max} = ${strings.scaleHigh[survey.kind]}):`,
          ...scores.map((score) => `${score}: ${scoreUrl(score)}`),
        ]
      : [input.surveyUrl]),
    '',
    input.notice,
    `${strings.unsubscribe}: ${input.unsubscribeUrl}`,
    '',
  ].join('\n');
  return { subject: input.subject, html, text };
}
