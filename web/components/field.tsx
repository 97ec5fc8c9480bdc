import { type ComponentProps, type ReactNode, useId } from 'react';

// One labelled form control with its hint and its error, wired for assistive technology: the label
// names the control, `aria-describedby` reads the hint and the error with it, `aria-invalid` says
// the value needs fixing. Forms spread the props a Field hands them onto their own control, so the
// control keeps its own element, ref and handlers.

/** What a Field hands its control: spread them onto the input, select or textarea. */
export type FieldControlProps = {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

/** What a FieldSet hands each control of its group that the group's error is about. */
export type GroupControlProps = {
  'aria-invalid': true | undefined;
};

function joinIds(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/**
 * The error under a control. role="alert" so it is announced when it appears, whether or not the
 * form moves focus to the control.
 */
function FieldError({ id, children }: { id: string; children: string }) {
  return (
    <span id={id} className="field__error" role="alert">
      {children}
    </span>
  );
}

/**
 * A label, a control, an optional hint and an optional error.
 *
 * @example
 * <Field label="URL" hint="HTTPS only." error={problems.url}>
 *   {(control) => <input {...control} className="input" type="url" value={url} onChange={…} />}
 * </Field>
 */
export function Field({
  label,
  hint,
  error,
  groupError,
  id: givenId,
  hideLabel = false,
  className,
  children,
}: {
  label: ReactNode;
  hint?: string | undefined;
  /** What is wrong with the value; shown under the control and linked to it. */
  error?: string | undefined;
  /**
   * The id of an error shown elsewhere that is about this control too (a FieldSet's, from its
   * `errorId`): the control is marked invalid and described by it.
   */
  groupError?: string | undefined;
  /** The control's id, when the form needs to find it (to focus it); generated otherwise. */
  id?: string;
  /** A label for assistive technology only, where the layout already says what the control is. */
  hideLabel?: boolean;
  /** More classes for the wrapper, after `field`. */
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className={hideLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        'aria-invalid': error || groupError ? true : undefined,
        'aria-describedby': joinIds(hint && hintId, error && errorId, groupError),
      })}
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </div>
  );
}

/**
 * A group of controls under one legend (checkboxes, radios, or fields that belong together), with
 * an optional hint and error for the group as a whole. The fieldset is described by both; each
 * control the error is about takes the props handed to `children` (and a nested Field takes
 * `errorId` as its `groupError`).
 *
 * @example
 * <FieldSet legend="Events" error={problems.events}>
 *   {({ choice }) => options.map((option) => <Choice key={option.value} {...choice} type="checkbox" … />)}
 * </FieldSet>
 */
export function FieldSet({
  legend,
  hint,
  error,
  id: givenId,
  tabIndex,
  children,
}: {
  legend: ReactNode;
  hint?: string | undefined;
  /** What is wrong with the group's answer; shown at its end and linked to it. */
  error?: string | undefined;
  /** The fieldset's id, when the form needs to find it (to focus it); generated otherwise. */
  id?: string;
  /** -1 lets a form move focus to the group when its error needs attention. */
  tabIndex?: number;
  children: (group: { choice: GroupControlProps; errorId: string | undefined }) => ReactNode;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <fieldset
      id={id}
      className="fieldset"
      tabIndex={tabIndex}
      aria-describedby={joinIds(hint && hintId, error && errorId)}
    >
      <legend className="fieldset__legend">{legend}</legend>
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {children({
        choice: { 'aria-invalid': error ? true : undefined },
        errorId: error ? errorId : undefined,
      })}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </fieldset>
  );
}

/** One checkbox or radio button with its label beside it. */
export function Choice({
  label,
  ...input
}: Omit<ComponentProps<'input'>, 'type' | 'children'> & { type: 'checkbox' | 'radio'; label: ReactNode }) {
  return (
    <label className="choice">
      <input {...input} />
      <span>{label}</span>
    </label>
  );
}
