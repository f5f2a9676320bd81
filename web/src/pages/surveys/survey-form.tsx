// The survey form, for creating and for editing, with the live preview beside it. Problems are found before
// sending where they can be, and the API's own (400 with errors[].path) are shown beside the field they name.
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { pageLanguages, stringsFor } from '../../../../src/domains/hosted/strings.ts';
import { ApiError } from '../../api/client.ts';
import type { CsatScale, QuestionType, SurveyTemplate, Workspace } from './api.ts';
import {
  customTemplateId,
  draftProblems,
  fieldOfApiPath,
  lowScoreGroup,
  newQuestion,
  type QuestionDraft,
  questionsBody,
  type SurveyDraft,
  scaleOfDraft,
  scoreGroups,
  withCsatScale,
  withTemplate,
  wordingOf,
} from './survey-form-state.ts';
import { SurveyPreview } from './survey-preview.tsx';

interface Props {
  mode: 'create' | 'edit';
  initial: SurveyDraft;
  templates: SurveyTemplate[];
  workspace: Workspace | undefined;
  submitLabel: string;
  busyLabel: string;
  cancelHref: string;
  /** Sends the draft; an ApiError it throws is shown on the form. */
  onSubmit: (draft: SurveyDraft) => Promise<void>;
  /** Above the form's fields: what an edit cannot change, and why. */
  intro?: ReactNode;
}

const questionTypes: Array<{ value: QuestionType; label: string }> = [
  { value: 'text', label: 'Text answer' },
  { value: 'single_choice', label: 'One choice' },
  { value: 'multi_choice', label: 'Several choices' },
  { value: 'rating', label: 'Rating' },
];

const csatScales: Array<{ value: CsatScale; label: string }> = [
  { value: '1-5', label: '1–5' },
  { value: '1-10', label: '1–10' },
  { value: '5-star', label: '5 stars' },
];

/** The comment every rated survey page asks already: a follow-up with the same words would ask it twice. */
const commentPrompt = stringsFor('en').strings.reason;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = (tag: string) => {
  try {
    return `${languageNames.of(tag) ?? tag} (${tag})`;
  } catch {
    return tag;
  }
};

/** The element each field key of draftProblems/fieldOfApiPath is shown beside. */
function fieldIdOf(key: string, draft: SurveyDraft): string {
  const question = /^questions\.(\d+)\.(\w+)$/.exec(key);
  if (question) {
    const draftQuestion = draft.questions[Number(question[1])];
    const part =
      { prompt: 'prompt', options: 'options', range: 'min', show_if: 'when' }[question[2]] ?? 'prompt';
    return draftQuestion ? `q-${draftQuestion.key}-${part}` : 'add-question';
  }
  return (
    {
      name: 'survey-name',
      question: 'survey-question',
      rating: 'survey-rating-min',
      language: 'survey-language',
      scale: 'survey-scale',
      questions: 'add-question',
      sample_rate: 'survey-sample',
      response_quota: 'survey-quota',
    }[key] ?? 'survey-name'
  );
}

/** The label a problem is listed under in the summary. */
function fieldLabelOf(key: string): string {
  const question = /^questions\.(\d+)\.(\w+)$/.exec(key);
  if (question) {
    const part = { options: 'options', range: 'scale', show_if: 'when to ask' }[question[2]];
    return `Question ${Number(question[1]) + 1}${part ? ` (${part})` : ''}`;
  }
  return (
    {
      name: 'Name',
      question: 'Question',
      rating: 'Rating scale',
      language: 'Language',
      scale: 'Scale',
      questions: 'Further questions',
      sample_rate: 'Share of people asked',
      response_quota: 'Response cap',
    }[key] ?? key
  );
}

/** An API message ("must be at most 200 characters") as a sentence beside its field. */
const sentence = (message: string) =>
  `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {message}
    </p>
  );
}

/** aria-invalid and aria-describedby for a field with a problem (and its hint, when it has one). */
function described(id: string, problem: string | undefined, hint = false) {
  const ids = [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': problem ? true : undefined, 'aria-describedby': ids || undefined };
}

export function SurveyForm(props: Props) {
  const { mode, templates, workspace } = props;
  const [draft, setDraft] = useState<SurveyDraft>(props.initial);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [focusAfterRender, setFocusAfterRender] = useState<string | null>(null);
  const formId = useId();

  useEffect(() => {
    if (!focusAfterRender) return;
    document.getElementById(focusAfterRender)?.focus();
    setFocusAfterRender(null);
  }, [focusAfterRender]);

  const scale = scaleOfDraft(draft);
  const groups = scoreGroups(draft.kind, scale);
  const template =
    templates.find((t) => t.id === draft.templateId) ?? templates.find((t) => t.kind === draft.kind);
  const previewQuestions = useMemo(() => questionsBody(draft), [draft]);
  const rated = draft.kind !== 'custom' || draft.rated;

  /** Applies a change and forgets the problems shown for the fields it touched. */
  const change = (changes: Partial<SurveyDraft>, fields: string[]) => {
    setDraft((now) => ({ ...now, ...changes }));
    forget(fields);
  };
  const forget = (fields: string[]) =>
    setProblems((now) => {
      if (!fields.some((field) => now.has(field))) return now;
      const next = new Map(now);
      for (const field of fields) next.delete(field);
      return next;
    });
  const changeQuestion = (index: number, changes: Partial<QuestionDraft>, field: string) => {
    setDraft((now) => ({
      ...now,
      questions: now.questions.map((q, i) => (i === index ? { ...q, ...changes } : q)),
    }));
    forget([`questions.${index}.${field}`]);
  };
  // Problems are keyed by position: moving or removing a question would pin them to the wrong one.
  const reorder = (questions: QuestionDraft[]) => {
    setDraft((now) => ({ ...now, questions }));
    setProblems((now) => new Map([...now].filter(([key]) => !key.startsWith('questions'))));
  };

  const addQuestion = (question: QuestionDraft) => {
    setDraft((now) => ({ ...now, questions: [...now.questions, question] }));
    forget(['questions']);
    setFocusAfterRender(`q-${question.key}-prompt`);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = draftProblems(draft);
    setFormErrors([]);
    setProblems(found);
    if (found.size > 0) {
      // After the render that fills it: an empty summary is not displayed, so it cannot take focus yet.
      setFocusAfterRender('survey-problems');
      return;
    }
    setBusy(true);
    try {
      await props.onSubmit(draft);
    } catch (error) {
      const fieldProblems = new Map<string, string>();
      const unplaced: string[] = [];
      if (error instanceof ApiError) {
        for (const problem of error.fieldErrors) {
          const field = fieldOfApiPath(problem.path);
          if (field && !fieldProblems.has(field)) fieldProblems.set(field, sentence(problem.message));
          else if (!field) unplaced.push(`${problem.path} ${problem.message}`);
        }
        if (error.fieldErrors.length === 0) unplaced.push(error.message);
      } else unplaced.push('Something went wrong. Please try again.');
      setProblems(fieldProblems);
      setFormErrors(unplaced);
      setBusy(false);
      setFocusAfterRender('survey-problems');
    }
  }

  const problem = (key: string) => problems.get(key);
  const hasProblems = problems.size > 0 || formErrors.length > 0;

  return (
    <div className="survey-editor">
      <form className="survey-form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
        <h2 id={`${formId}-title`} className="visually-hidden">
          {mode === 'create' ? 'New survey' : 'Survey'}
        </h2>
        <a className="survey-skip-to-preview" href="#survey-preview">
          Skip to the live preview
        </a>
        <div
          id="survey-problems"
          tabIndex={-1}
          role="alert"
          className={hasProblems ? 'form-error survey-problems' : 'survey-problems'}
        >
          {hasProblems ? (
            <>
              <p>Please check the survey:</p>
              <ul>
                {[...problems].map(([key, message]) => (
                  <li key={key}>
                    <a
                      className="survey-problem-link"
                      href={`#${fieldIdOf(key, draft)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        document.getElementById(fieldIdOf(key, draft))?.focus();
                      }}
                    >
                      {fieldLabelOf(key)}: {message}
                    </a>
                  </li>
                ))}
                {formErrors.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        {props.intro}

        {mode === 'create' ? (
          <fieldset className="survey-templates">
            <legend>Type of survey</legend>
            {[...templates, null].map((option) => {
              const value = option?.id ?? customTemplateId;
              const inputId = `template-${value}`;
              return (
                <div key={value} className="survey-template">
                  <input
                    type="radio"
                    className="survey-template-radio"
                    name="template"
                    id={inputId}
                    value={value}
                    checked={draft.templateId === value}
                    onChange={() => {
                      setDraft((now) => withTemplate(now, value, templates));
                      forget(['question', 'rating', 'scale']);
                    }}
                  />
                  <label htmlFor={inputId} className="survey-template-label">
                    <span className="survey-template-name">
                      {option ? `${option.name} (${option.kind.toUpperCase()})` : 'Custom survey'}
                    </span>
                    <span className="survey-template-detail">
                      {option
                        ? `${option.question} · ${option.scale.min}–${option.scale.max}`
                        : 'Your own questions: an optional rating, choices and text'}
                    </span>
                  </label>
                </div>
              );
            })}
          </fieldset>
        ) : null}

        <div className="field">
          <label htmlFor="survey-name">Name</label>
          <p className="survey-hint" id="survey-name-hint">
            For your team; respondents do not see it.
          </p>
          <input
            id="survey-name"
            value={draft.name}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => change({ name: event.target.value }, ['name'])}
            {...described('survey-name', problem('name'), true)}
          />
          <FieldError id="survey-name" message={problem('name')} />
        </div>

        {mode === 'create' && draft.kind !== 'custom' ? (
          <div className="field">
            <label htmlFor="survey-product">Product or company name</label>
            <p className="survey-hint" id="survey-product-hint">
              Fills the “…” of the standard question; “us” when empty.
            </p>
            <input
              id="survey-product"
              value={draft.productName}
              maxLength={100}
              placeholder={workspace?.name}
              onChange={(event) => {
                const productName = event.target.value;
                setDraft((now) => ({
                  ...now,
                  productName,
                  question:
                    now.questionFromTemplate && template ? wordingOf(template, productName) : now.question,
                }));
                forget(['question']);
              }}
              aria-describedby="survey-product-hint"
            />
          </div>
        ) : null}

        {mode === 'create' && draft.kind === 'custom' ? (
          <fieldset className="field survey-rating-choice">
            <legend>Rating</legend>
            <div className="survey-check">
              <input
                type="checkbox"
                className="survey-check-box"
                id="survey-rated"
                checked={draft.rated}
                onChange={(event) =>
                  change(
                    {
                      rated: event.target.checked,
                      questions: draft.questions.map((q) => ({ ...q, when: 'always' })),
                    },
                    ['rating', 'question'],
                  )
                }
              />
              <label htmlFor="survey-rated">Start with a rating question (follow-ups can depend on it)</label>
            </div>
            {draft.rated ? (
              <div className="survey-field-row">
                <div className="field">
                  <label htmlFor="survey-rating-min">Lowest score</label>
                  <input
                    id="survey-rating-min"
                    inputMode="numeric"
                    value={draft.ratingMin}
                    onChange={(event) => change({ ratingMin: event.target.value }, ['rating'])}
                    {...described('survey-rating', problem('rating'))}
                  />
                </div>
                <div className="field">
                  <label htmlFor="survey-rating-max">Highest score</label>
                  <input
                    id="survey-rating-max"
                    inputMode="numeric"
                    value={draft.ratingMax}
                    onChange={(event) => change({ ratingMax: event.target.value }, ['rating'])}
                    {...described('survey-rating', problem('rating'))}
                  />
                </div>
              </div>
            ) : null}
            <FieldError id="survey-rating" message={problem('rating')} />
          </fieldset>
        ) : null}

        {rated ? (
          <div className="field">
            <label htmlFor="survey-question">Question</label>
            <p className="survey-hint" id="survey-question-hint">
              {mode === 'edit'
                ? 'A new wording applies to answers from now on; answers already given keep theirs.'
                : 'The question people rate. The standard wording makes scores comparable with others.'}
            </p>
            <textarea
              className="survey-control"
              id="survey-question"
              rows={2}
              maxLength={500}
              value={draft.question}
              onChange={(event) =>
                change({ question: event.target.value, questionFromTemplate: false }, ['question'])
              }
              {...described('survey-question', problem('question'), true)}
            />
            <FieldError id="survey-question" message={problem('question')} />
            {mode === 'create' && template && !draft.questionFromTemplate && draft.kind !== 'custom' ? (
              <button
                type="button"
                className="link-button survey-align-start"
                onClick={() =>
                  change({ question: wordingOf(template, draft.productName), questionFromTemplate: true }, [
                    'question',
                  ])
                }
              >
                Use the standard wording
              </button>
            ) : null}
          </div>
        ) : null}

        <div className="survey-field-row">
          {mode === 'create' && draft.kind === 'csat' ? (
            <div className="field">
              <label htmlFor="survey-scale">Scale</label>
              <select
                className="survey-control"
                id="survey-scale"
                value={draft.csatScale}
                onChange={(event) => {
                  setDraft((now) => withCsatScale(now, event.target.value as CsatScale));
                  forget(['scale']);
                }}
                {...described('survey-scale', problem('scale'))}
              >
                {csatScales.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
              <FieldError id="survey-scale" message={problem('scale')} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="survey-language">Language of the page</label>
            <select
              className="survey-control"
              id="survey-language"
              value={draft.language}
              onChange={(event) => change({ language: event.target.value }, ['language'])}
              {...described('survey-language', problem('language'))}
            >
              {[...new Set([...pageLanguages, draft.language])].map((tag) => (
                <option key={tag} value={tag}>
                  {languageName(tag)}
                </option>
              ))}
            </select>
            <FieldError id="survey-language" message={problem('language')} />
          </div>
        </div>

        <section className="survey-further" aria-labelledby={`${formId}-further`}>
          <h3 id={`${formId}-further`}>Further questions</h3>
          <p className="card-muted">
            {rated
              ? 'Asked on the same page. A question can depend on the score, such as “What could we do better?” for low scores.'
              : 'Asked on the survey page in this order.'}
          </p>
          {draft.questions.map((question, index) => (
            <QuestionEditor
              key={question.key}
              question={question}
              index={index}
              count={draft.questions.length}
              groups={groups}
              scale={scale}
              problem={(field) => problem(`questions.${index}.${field}`)}
              onChange={(changes, field) => changeQuestion(index, changes, field)}
              onMove={(offset) => {
                const questions = [...draft.questions];
                const [moved] = questions.splice(index, 1);
                questions.splice(index + offset, 0, moved);
                reorder(questions);
                setFocusAfterRender(`q-${question.key}-${offset < 0 ? 'up' : 'down'}`);
              }}
              onRemove={() => {
                reorder(draft.questions.filter((_, i) => i !== index));
                setFocusAfterRender('add-question');
              }}
            />
          ))}
          <FieldError id="add-question" message={problem('questions')} />
          <div className="survey-adders">
            <button
              type="button"
              className="secondary"
              id="add-question"
              onClick={() => addQuestion(newQuestion())}
              disabled={draft.questions.length >= 50}
            >
              Add a question
            </button>
            {template && draft.kind !== 'custom' && scale && template.follow_up !== commentPrompt ? (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  const low = lowScoreGroup(draft.kind, scale);
                  addQuestion(newQuestion('text', template.follow_up, low ?? undefined));
                }}
                disabled={draft.questions.length >= 50}
              >
                Add “{template.follow_up}” for low scores
              </button>
            ) : null}
          </div>
        </section>

        <fieldset className="survey-who">
          <legend>Who is asked</legend>
          <div className="survey-field-row">
            <div className="field">
              <label htmlFor="survey-sample">Share of people asked (%)</label>
              <p className="survey-hint" id="survey-sample-hint">
                Of the widget’s visitors and of an e-mail list; 100 asks everyone.
              </p>
              <input
                id="survey-sample"
                inputMode="decimal"
                value={draft.samplePercent}
                onChange={(event) => change({ samplePercent: event.target.value }, ['sample_rate'])}
                {...described('survey-sample', problem('sample_rate'), true)}
              />
              <FieldError id="survey-sample" message={problem('sample_rate')} />
            </div>
            <div className="field">
              <label htmlFor="survey-quota">Stop after this many responses</label>
              <p className="survey-hint" id="survey-quota-hint">
                Leave empty to keep asking.
              </p>
              <input
                id="survey-quota"
                inputMode="numeric"
                value={draft.quota}
                onChange={(event) => change({ quota: event.target.value }, ['response_quota'])}
                {...described('survey-quota', problem('response_quota'), true)}
              />
              <FieldError id="survey-quota" message={problem('response_quota')} />
            </div>
          </div>
        </fieldset>

        <div className="survey-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? props.busyLabel : props.submitLabel}
          </button>
          <Link href={props.cancelHref}>Cancel</Link>
        </div>
      </form>
      <div id="survey-preview" className="survey-preview-column" tabIndex={-1}>
        <SurveyPreview
          kind={draft.kind}
          question={draft.question}
          scale={scale}
          questions={previewQuestions}
          language={draft.language}
          workspaceName={workspace?.name ?? ''}
          privacyNotice={workspace?.privacy_notice ?? null}
        />
      </div>
    </div>
  );
}

interface QuestionEditorProps {
  question: QuestionDraft;
  index: number;
  count: number;
  groups: ReturnType<typeof scoreGroups>;
  scale: { min: number; max: number } | null;
  problem: (field: string) => string | undefined;
  onChange: (changes: Partial<QuestionDraft>, field: string) => void;
  onMove: (offset: number) => void;
  onRemove: () => void;
}

function QuestionEditor({
  question,
  index,
  count,
  groups,
  scale,
  problem,
  onChange,
  onMove,
  onRemove,
}: QuestionEditorProps) {
  const id = (part: string) => `q-${question.key}-${part}`;
  const number = index + 1;
  return (
    <fieldset className="survey-question-editor">
      <legend>Question {number}</legend>
      <div className="field">
        <label htmlFor={id('prompt')}>Question {number} text</label>
        <input
          id={id('prompt')}
          value={question.prompt}
          maxLength={500}
          onChange={(event) => onChange({ prompt: event.target.value }, 'prompt')}
          {...described(id('prompt'), problem('prompt'))}
        />
        <FieldError id={id('prompt')} message={problem('prompt')} />
      </div>
      <div className="survey-field-row">
        <div className="field">
          <label htmlFor={id('type')}>Answer</label>
          <select
            className="survey-control"
            id={id('type')}
            value={question.type}
            onChange={(event) => onChange({ type: event.target.value as QuestionType }, 'options')}
          >
            {questionTypes.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
        </div>
        {scale ? (
          <div className="field">
            <label htmlFor={id('when')}>Ask</label>
            <select
              className="survey-control"
              id={id('when')}
              value={question.when}
              onChange={(event) => onChange({ when: event.target.value }, 'show_if')}
              {...described(id('when'), problem('show_if'))}
            >
              <option value="always">Always</option>
              {groups.map((group) => (
                <option key={group.label} value={`${group.min}-${group.max}`}>
                  Only {group.label.charAt(0).toLowerCase()}
                  {group.label.slice(1)}
                </option>
              ))}
              <option value="custom">Only for scores from … to …</option>
            </select>
          </div>
        ) : null}
      </div>
      {scale && question.when === 'custom' ? (
        <div className="survey-field-row">
          <div className="field">
            <label htmlFor={id('show-min')}>From score</label>
            <input
              id={id('show-min')}
              inputMode="numeric"
              value={question.showMin}
              onChange={(event) => onChange({ showMin: event.target.value }, 'show_if')}
              {...described(id('when'), problem('show_if'))}
            />
          </div>
          <div className="field">
            <label htmlFor={id('show-max')}>To score</label>
            <input
              id={id('show-max')}
              inputMode="numeric"
              value={question.showMax}
              onChange={(event) => onChange({ showMax: event.target.value }, 'show_if')}
              {...described(id('when'), problem('show_if'))}
            />
          </div>
        </div>
      ) : null}
      <FieldError id={id('when')} message={problem('show_if')} />
      {question.type === 'single_choice' || question.type === 'multi_choice' ? (
        <div className="field">
          <label htmlFor={id('options')}>Options, one a line</label>
          <textarea
            className="survey-control"
            id={id('options')}
            rows={3}
            value={question.options}
            onChange={(event) => onChange({ options: event.target.value }, 'options')}
            {...described(id('options'), problem('options'))}
          />
          <FieldError id={id('options')} message={problem('options')} />
        </div>
      ) : null}
      {question.type === 'rating' ? (
        <>
          <div className="survey-field-row">
            <div className="field">
              <label htmlFor={id('min')}>Lowest score</label>
              <input
                id={id('min')}
                inputMode="numeric"
                value={question.min}
                onChange={(event) => onChange({ min: event.target.value }, 'range')}
                {...described(id('range'), problem('range'))}
              />
            </div>
            <div className="field">
              <label htmlFor={id('max')}>Highest score</label>
              <input
                id={id('max')}
                inputMode="numeric"
                value={question.max}
                onChange={(event) => onChange({ max: event.target.value }, 'range')}
                {...described(id('range'), problem('range'))}
              />
            </div>
          </div>
          <FieldError id={id('range')} message={problem('range')} />
        </>
      ) : null}
      <div className="survey-question-foot">
        <div className="survey-check">
          <input
            type="checkbox"
            className="survey-check-box"
            id={id('required')}
            checked={question.required}
            onChange={(event) => onChange({ required: event.target.checked }, 'prompt')}
          />
          <label htmlFor={id('required')}>Answer required</label>
        </div>
        <div className="survey-question-actions">
          <button
            type="button"
            className="link-button"
            id={id('up')}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            aria-label={`Move question ${number} up`}
          >
            Move up
          </button>
          <button
            type="button"
            className="link-button"
            id={id('down')}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            aria-label={`Move question ${number} down`}
          >
            Move down
          </button>
          <button
            type="button"
            className="link-button survey-danger-link"
            onClick={onRemove}
            aria-label={`Remove question ${number}`}
          >
            Remove
          </button>
        </div>
      </div>
    </fieldset>
  );
}
