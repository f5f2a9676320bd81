// The live preview beside the survey form: the hosted survey page (src/domains/hosted/pages.ts) as a
// respondent sees it, drawn from the draft as it is typed. Choosing a score shows the follow-ups that score
// asks, as the page's script does. The words around the questions are the hosted pages' own strings.
import { useId, useState } from 'react';
import { stringsFor } from '../../../../src/domains/hosted/strings.ts';
import type { Question, SurveyKind } from './api.ts';
import { asksQuestion } from './survey-form-state.ts';

export interface PreviewProps {
  kind: SurveyKind;
  question: string;
  scale: { min: number; max: number; style: 'numeric' | 'stars' } | null;
  questions: Question[];
  language: string;
  workspaceName: string;
  /** The workspace's own data-use notice, or null for the standard one. */
  privacyNotice: string | null;
}

export function SurveyPreview(props: PreviewProps) {
  const id = useId();
  const [chosen, setChosen] = useState<number | null>(null);
  const { strings } = stringsFor(props.language);
  const scale = props.scale;
  // A score chosen before the scale changed may no longer be on it.
  const score = scale && chosen !== null && chosen >= scale.min && chosen <= scale.max ? chosen : null;
  const notice =
    props.privacyNotice ?? strings.notice.replace('{workspace}', props.workspaceName || 'Your workspace');
  const scores = scale ? Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i) : [];

  return (
    <section className="survey-preview" aria-labelledby={`${id}-title`}>
      <div className="survey-preview-head">
        <h2 id={`${id}-title`}>Live preview</h2>
        <p className="card-muted">
          The hosted survey page as respondents see it.
          {scale ? ' Choose a score to see the follow-up questions it asks.' : ''}
        </p>
      </div>
      <div className="survey-preview-page" lang={props.language} data-testid="survey-preview">
        <div className="survey-preview-card">
          <p className="survey-preview-brand">{props.workspaceName}</p>
          {scale ? (
            <fieldset className="survey-preview-rating">
              <legend>
                <span className="survey-preview-question" data-testid="preview-question">
                  {props.question || 'Your question appears here'}
                </span>
              </legend>
              <div
                className={`survey-preview-scale${scale.style === 'stars' ? ' survey-preview-stars' : ''}`}
              >
                {scores.map((value) => (
                  <span key={value} className="survey-preview-score">
                    <input
                      type="radio"
                      className="visually-hidden"
                      name={`${id}-score`}
                      id={`${id}-score-${value}`}
                      value={value}
                      checked={score === value}
                      onChange={() => setChosen(value)}
                    />
                    <label htmlFor={`${id}-score-${value}`} className="survey-preview-pill">
                      {scale.style === 'stars' ? (
                        <>
                          <span aria-hidden="true">{'★'.repeat(value)}</span>
                          <span className="visually-hidden">{strings.stars(value)}</span>
                        </>
                      ) : (
                        value
                      )}
                    </label>
                  </span>
                ))}
              </div>
              <p className="survey-preview-anchors">
                <span>
                  {scale.min} = {strings.scaleLow[props.kind]}
                </span>
                <span>
                  {scale.max} = {strings.scaleHigh[props.kind]}
                </span>
              </p>
            </fieldset>
          ) : null}
          {props.questions.map((question, index) =>
            asksQuestion(question, score) ? (
              <PreviewQuestion
                // biome-ignore lint/suspicious/noArrayIndexKey: a draft question's id may be unset or repeated while typed
                key={index}
                question={question}
                fieldId={`${id}-q${index}`}
                optional={strings.optional}
              />
            ) : null,
          )}
          {/* The comment follows the score: on the hosted page it appears once a score is chosen. */}
          {!scale || score !== null ? (
            <div className="survey-preview-block">
              <label htmlFor={`${id}-comment`} className="survey-preview-label">
                {scale ? strings.reason : strings.commentOptional}{' '}
                <span className="survey-preview-hint">({strings.optional})</span>
              </label>
              <textarea id={`${id}-comment`} className="survey-preview-textarea" rows={3} />
            </div>
          ) : null}
          <button type="button" className="survey-preview-send" disabled>
            {strings.submit}
          </button>
          <p className="survey-preview-notice">{notice}</p>
        </div>
      </div>
      <p className="card-muted survey-preview-footnote">
        The web widget asks the rating and the comment; follow-up questions are asked on the hosted page
        (links and e-mails).
      </p>
    </section>
  );
}

function PreviewQuestion({
  question,
  fieldId,
  optional,
}: {
  question: Question;
  fieldId: string;
  optional: string;
}) {
  const hint = question.required ? null : <span className="survey-preview-hint"> ({optional})</span>;
  const prompt = question.prompt || 'Your question';
  if (question.type === 'text')
    return (
      <div className="survey-preview-block" data-testid="preview-follow-up">
        <label htmlFor={fieldId} className="survey-preview-label">
          {prompt}
          {hint}
        </label>
        <textarea id={fieldId} className="survey-preview-textarea" rows={3} />
      </div>
    );
  const choices =
    question.type === 'rating'
      ? Number.isInteger(question.min) && Number.isInteger(question.max) && question.min < question.max
        ? Array.from({ length: question.max - question.min + 1 }, (_, i) => String(question.min + i))
        : []
      : question.options;
  return (
    <fieldset className="survey-preview-block" data-testid="preview-follow-up">
      <legend>
        {prompt}
        {hint}
      </legend>
      <div
        className={
          question.type === 'rating' ? 'survey-preview-scale survey-preview-small' : 'survey-preview-choices'
        }
      >
        {choices.map((choice, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: options may repeat while they are typed
          <span key={index} className="survey-preview-choice">
            <input
              type={question.type === 'multi_choice' ? 'checkbox' : 'radio'}
              name={fieldId}
              id={`${fieldId}-${index}`}
              className={question.type === 'rating' ? 'visually-hidden' : 'survey-preview-box'}
            />
            <label
              htmlFor={`${fieldId}-${index}`}
              className={question.type === 'rating' ? 'survey-preview-pill' : 'survey-preview-option'}
            >
              {choice}
            </label>
          </span>
        ))}
      </div>
    </fieldset>
  );
}
