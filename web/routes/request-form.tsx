import { useEffect, useRef, useState } from 'react';
import { Link, type LoaderFunctionArgs, useLoaderData, useLocation } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { EmptyState } from '../components/empty-state';
import { InlineError } from '../components/error-state';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { locationLine } from '../features/leads/api/types';
import {
  type CreatedRequest,
  createRequest,
  getRequestForm,
  type NewRequest,
  type RequestForm,
} from '../features/marketplace/api/marketplace';
import {
  type Answers,
  answerProblem,
  QuestionField,
  questionFieldId,
  toRequestFormDetails,
} from '../features/marketplace/components/request-questions';
import { browser } from '../lib/browser';
import { deferred } from '../lib/deferred';
import { bffLoginHref, paths } from '../lib/paths';
import { pathOf, useSession } from '../lib/session';
import {
  type ChosenPro,
  forgetAnswers,
  peekAnswers,
  readChosenPros,
  rememberConversations,
  saveAnswers,
} from '../lib/tab-storage';
import { useMutation } from '../lib/use-mutation';

// A category's request form, built from Thumbtack's questions and their validation rules. Anyone
// may fill it in; sending needs a signed-in customer, and the answers survive the sign-in trip.
export function loader({ params, request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const categoryId = params.categoryId ?? '';
  return {
    categoryId,
    searchID: search.get('searchID') ?? '',
    zip: search.get('zip') ?? '',
    businessIDs: search.getAll('businessID'),
    form: deferred(getRequestForm(categoryId, request.signal)),
  };
}

export function Component() {
  const data = useLoaderData<typeof loader>();
  const chosen = readChosenPros(data.searchID).filter((pro) => data.businessIDs.includes(pro.businessID));

  if (!data.searchID || data.businessIDs.length === 0) {
    return (
      <div className="page">
        <PageTitle>Request quotes</PageTitle>
        <EmptyState
          title="Choose pros first"
          action={
            <Link className="button" to={paths.findPros.href()}>
              Find a pro
            </Link>
          }
        >
          A request goes to pros you chose from a search. Start with a search, then pick who should quote.
        </EmptyState>
      </div>
    );
  }

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={paths.findPros.href({ zip: data.zip })}>← Back to the search</Link>
      </p>
      <div>
        <PageTitle>Request quotes</PageTitle>
        <p className="page-lede">
          Your request goes to{' '}
          {chosen.length > 0
            ? chosen.map((pro) => pro.businessName).join(', ')
            : `${data.businessIDs.length} chosen ${data.businessIDs.length === 1 ? 'pro' : 'pros'}`}
          .
        </p>
      </div>
      <AsyncContent
        resolve={data.form}
        action="showing this request form"
        fallback={<SkeletonList label="Loading the questions…" rows={3} />}
      >
        {(form) => (
          <RequestFormView
            form={form}
            request={{
              searchID: data.searchID,
              businessIDs: data.businessIDs,
              categoryID: data.categoryId,
              zipCode: data.zip,
            }}
            chosen={chosen}
          />
        )}
      </AsyncContent>
    </div>
  );
}

function RequestFormView({
  form,
  request,
  chosen,
}: {
  form: RequestForm;
  request: Omit<NewRequest, 'requestFormDetails'>;
  chosen: ChosenPro[];
}) {
  const location = useLocation();
  const session = useSession();
  const formPath = pathOf(location);
  // Answers saved before a sign-in trip come back once, on the same form: read while rendering,
  // forgotten only once the form is on screen (a render React throws away must not lose them).
  const [restored] = useState(() => peekAnswers(formPath));
  useEffect(() => {
    if (restored) forgetAnswers(formPath);
  }, [restored, formPath]);
  const [answers, setAnswers] = useState<Answers>(() => restored ?? {});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedRequest | undefined>();
  const mutation = useMutation(createRequest);
  const questions = form.questions ?? [];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    for (const question of questions) {
      const problem = answerProblem(question, answers[question.questionID]);
      if (problem) found[question.questionID] = problem;
    }
    setProblems(found);
    const firstProblem = questions.find((question) => found[question.questionID]);
    if (firstProblem) {
      document.getElementById(questionFieldId(firstProblem))?.focus();
      return;
    }
    if (!session.authenticated) {
      saveAnswers(formPath, answers);
      browser.assign(bffLoginHref(formPath));
      return;
    }
    const result = await mutation.run({
      ...request,
      requestFormDetails: toRequestFormDetails(questions, answers),
    });
    if (result.ok) {
      const contacted = result.value.request?.contactedBusinesses ?? [];
      rememberConversations(
        contacted.flatMap((business) =>
          business.negotiationID
            ? [
                {
                  negotiationID: business.negotiationID,
                  businessName:
                    business.name ??
                    chosen.find((pro) => pro.businessID === business.businessID)?.businessName ??
                    'Pro',
                  ...(result.value.request.category?.name
                    ? { categoryName: result.value.request.category.name }
                    : {}),
                },
              ]
            : [],
        ),
      );
      setCreated(result.value);
    }
  }

  if (created) return <RequestSent created={created} chosen={chosen} />;

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label="Request form">
      {restored ? (
        <p className="notice" role="status">
          Welcome back. We kept your answers: check them and send your request.
        </p>
      ) : null}
      {questions.length === 0 ? (
        <p className="muted">This service asks no questions. Just send your request.</p>
      ) : null}
      {questions.map((question) => (
        <QuestionField
          key={question.questionID}
          question={question}
          answer={answers[question.questionID]}
          problem={problems[question.questionID]}
          onChange={(value) => setAnswers((current) => ({ ...current, [question.questionID]: value }))}
        />
      ))}
      {mutation.error ? <InlineError error={mutation.error} action="sending requests to pros" /> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending}>
          {mutation.pending
            ? 'Sending…'
            : session.authenticated
              ? 'Send request'
              : 'Sign in and send request'}
        </button>
        {!session.authenticated ? (
          <span className="fine-print">You will sign in with Thumbtack; your answers are kept.</span>
        ) : null}
      </div>
    </form>
  );
}

function RequestSent({ created, chosen }: { created: CreatedRequest; chosen: ChosenPro[] }) {
  const request = created.request;
  const contacted = request?.contactedBusinesses?.length
    ? request.contactedBusinesses.map((business) => ({
        businessID: business.businessID,
        businessName:
          business.name ?? chosen.find((pro) => pro.businessID === business.businessID)?.businessName,
        negotiationID: business.negotiationID,
      }))
    : chosen.map((pro) => ({ ...pro, negotiationID: undefined }));
  const errors = created.contactErrors ?? [];
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The form this replaced had focus; the confirmation takes it so the outcome is announced.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section className="card section" aria-labelledby="sent-heading">
      <h2 ref={headingRef} id="sent-heading" className="notice notice--success" tabIndex={-1}>
        Your request was sent
      </h2>
      <dl className="detail-list">
        <dt>Service</dt>
        <dd>{request?.category?.name ?? '—'}</dd>
        <dt>Where</dt>
        <dd>{locationLine(request?.location) || '—'}</dd>
        {request?.requestID ? (
          <>
            <dt>Request number</dt>
            <dd>{request.requestID}</dd>
          </>
        ) : null}
      </dl>
      {request?.details?.length ? (
        <ul className="qa">
          {request.details.map((detail) => (
            <li key={detail.question}>
              <p className="qa__question">{detail.question}</p>
              <p>{detail.answer}</p>
            </li>
          ))}
        </ul>
      ) : null}
      <h3>Pros contacted</h3>
      {contacted.length === 0 ? (
        <p className="muted">Thumbtack did not list the pros it contacted.</p>
      ) : (
        <ul className="rows" aria-label="Pros contacted">
          {contacted.map((pro) => (
            <li key={pro.businessID} className="row-card">
              <span className="row-card__title">{pro.businessName ?? 'A pro'}</span>
              {pro.negotiationID ? (
                <Link
                  className="button button--secondary button--small"
                  to={paths.conversation.href(pro.negotiationID)}
                >
                  Message
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {errors.length > 0 ? (
        <p className="notice notice--error" role="alert">
          Some pros could not be contacted
          {errors.map((error) => (error.message ? `: ${error.message}` : '')).join('')}
        </p>
      ) : null}
      <div className="button-row">
        <Link className="button button--secondary" to={paths.messages.href()}>
          Go to messages
        </Link>
      </div>
    </section>
  );
}
