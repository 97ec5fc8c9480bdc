import { Choice, Field, FieldSet } from '../../../components/field';
import type { SavedAnswers } from '../../../lib/tab-storage';
import type { Question, RequestFormDetail } from '../api/marketplace';

export type Answers = SavedAnswers;

type Kind = 'many' | 'one' | 'text';

export function questionKind(question: Question): Kind {
  if (!question.answers?.length) return 'text';
  const max = question.validationConstraints?.maximumAnswersSelected;
  if (question.questionType?.toLowerCase().includes('checkbox') || (max !== undefined && max > 1))
    return 'many';
  return 'one';
}

/** A question must be answered when it asks for at least one answer or one character. */
function isRequired(question: Question): boolean {
  const rules = question.validationConstraints ?? {};
  return (rules.minimumAnswersSelected ?? 0) > 0 || (rules.minimumAnswerLength ?? 0) > 0;
}

/** The problem with one answer, checked against the question's own validation constraints. */
export function answerProblem(question: Question, answer: string | string[] | undefined): string | undefined {
  const rules = question.validationConstraints ?? {};
  const kind = questionKind(question);
  if (kind === 'text') {
    const text = typeof answer === 'string' ? answer.trim() : '';
    const min = rules.minimumAnswerLength ?? 0;
    if (isRequired(question) && text.length === 0) return 'Please answer this question.';
    if (text.length < min) return `Please write at least ${min} characters.`;
    if (rules.maximumAnswerLength !== undefined && text.length > rules.maximumAnswerLength) {
      return `Please keep it under ${rules.maximumAnswerLength} characters.`;
    }
    return undefined;
  }
  const count = Array.isArray(answer) ? answer.length : answer ? 1 : 0;
  const min = rules.minimumAnswersSelected ?? 0;
  const max = rules.maximumAnswersSelected;
  if (count < min) return min === 1 ? 'Please choose an answer.' : `Please choose at least ${min} answers.`;
  if (max !== undefined && count > max) return `Please choose at most ${max} answers.`;
  return undefined;
}

/** The answers as Thumbtack's requestFormDetails: per question, the chosen answer ids or the text. */
export function toRequestFormDetails(questions: Question[], answers: Answers): RequestFormDetail[] {
  const details: RequestFormDetail[] = [];
  for (const question of questions) {
    const answer = answers[question.questionID];
    if (questionKind(question) === 'text') {
      const text = typeof answer === 'string' ? answer.trim() : '';
      if (text) details.push({ questionID: question.questionID, answers: [text] });
      continue;
    }
    const ids = Array.isArray(answer) ? answer : answer ? [answer] : [];
    const known = ids.filter((id) => question.answers?.some((option) => option.answerID === id));
    if (known.length > 0) details.push({ questionID: question.questionID, answers: known });
  }
  return details;
}

/** The id of a question's control (a text box, or the group of its answers). */
export function questionFieldId(question: Question): string {
  return `q-${question.questionID}`;
}

export function QuestionField({
  question,
  answer,
  problem,
  onChange,
}: {
  question: Question;
  answer: string | string[] | undefined;
  problem: string | undefined;
  onChange: (value: string | string[]) => void;
}) {
  const kind = questionKind(question);
  // The form focuses the first question with a problem by this id.
  const id = questionFieldId(question);
  const prompt = `${question.prompt}${isRequired(question) ? '' : ' (optional)'}`;

  if (kind === 'text') {
    const max = question.validationConstraints?.maximumAnswerLength;
    return (
      <Field id={id} label={prompt} error={problem}>
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            value={typeof answer === 'string' ? answer : ''}
            maxLength={max && max > 0 ? max : undefined}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
      </Field>
    );
  }

  const chosen = Array.isArray(answer) ? answer : answer ? [answer] : [];
  const max = question.validationConstraints?.maximumAnswersSelected;
  return (
    <FieldSet
      id={id}
      tabIndex={-1}
      legend={prompt}
      hint={kind === 'many' && max !== undefined && max > 1 ? `Choose up to ${max}.` : undefined}
      error={problem}
    >
      {({ choice }) =>
        (question.answers ?? []).map((option) => (
          <Choice
            key={option.answerID}
            {...choice}
            type={kind === 'many' ? 'checkbox' : 'radio'}
            name={id}
            value={option.answerID}
            label={option.value}
            checked={chosen.includes(option.answerID)}
            onChange={(event) => {
              if (kind === 'one') onChange(option.answerID);
              else
                onChange(
                  event.target.checked
                    ? [...chosen, option.answerID]
                    : chosen.filter((value) => value !== option.answerID),
                );
            }}
          />
        ))
      }
    </FieldSet>
  );
}
