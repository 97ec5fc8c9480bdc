// @vitest-environment node
import './support/dom';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Choice, Field, FieldSet } from '../../web/components/field';

afterEach(cleanup);

/** The ids an element's aria-describedby lists. */
const describedBy = (element: Element) => (element.getAttribute('aria-describedby') ?? '').split(/\s+/);

describe('Field', () => {
  it('labels its control, and describes it by the hint and the error', () => {
    render(
      <Field label="Website" hint="HTTPS only." error="Enter a full URL.">
        {(control) => <input {...control} className="input" />}
      </Field>,
    );
    const input = screen.getByLabelText('Website');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const hint = screen.getByText('HTTPS only.');
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('Enter a full URL.');
    expect(error.className).toBe('field__error');
    expect(hint.className).toBe('field__hint');
    expect(describedBy(input)).toEqual([hint.id, error.id]);
    // Ids are unique per field: React's useId, suffixed.
    expect(new Set([input.id, hint.id, error.id]).size).toBe(3);
    expect(input.closest('div')?.className).toBe('field');
  });

  it('leaves a valid control unmarked and described by its hint only', () => {
    render(
      <Field label="Website" hint="HTTPS only.">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Website');
    expect(input.hasAttribute('aria-invalid')).toBe(false);
    expect(describedBy(input)).toEqual([screen.getByText('HTTPS only.').id]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('adds no aria-describedby without a hint or an error', () => {
    render(<Field label="Name">{(control) => <textarea {...control} />}</Field>);
    const box = screen.getByLabelText('Name');
    expect(box.hasAttribute('aria-describedby')).toBe(false);
    expect(box.hasAttribute('aria-invalid')).toBe(false);
  });

  it('takes a given id, a hidden label and extra wrapper classes', () => {
    render(
      <Field id="zip" label="Zip code" hideLabel className="combobox" error="Enter five digits.">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Zip code');
    expect(input.id).toBe('zip');
    expect(describedBy(input)).toEqual(['zip-error']);
    expect(document.querySelector('label')?.className).toBe('visually-hidden');
    expect(input.closest('div')?.className).toBe('field combobox');
  });

  it('marks a control invalid by an error shown elsewhere', () => {
    render(
      <>
        <p id="elsewhere">Enter a username and a password.</p>
        <Field label="Username" hint="Any name." groupError="elsewhere">
          {(control) => <input {...control} />}
        </Field>
      </>,
    );
    const input = screen.getByLabelText('Username');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(input)).toEqual([screen.getByText('Any name.').id, 'elsewhere']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

/** A checkbox group, as a request form's question shows one. */
function Extras({ error }: { error?: string }) {
  return (
    <FieldSet legend="Any extras?" hint="Choose up to 2." error={error}>
      {({ choice }) =>
        ['Fridge', 'Oven'].map((label) => <Choice key={label} {...choice} type="checkbox" label={label} />)
      }
    </FieldSet>
  );
}

describe('FieldSet', () => {
  it('names the group by its legend and describes it by the hint and the error', () => {
    render(<Extras error="Please choose at most 2 answers." />);
    const group = screen.getByRole('group', { name: 'Any extras?' });
    const error = within(group).getByRole('alert');
    expect(error.textContent).toBe('Please choose at most 2 answers.');
    expect(describedBy(group)).toEqual([within(group).getByText('Choose up to 2.').id, error.id]);
    for (const box of within(group).getAllByRole('checkbox')) {
      expect(box.getAttribute('aria-invalid')).toBe('true');
    }
  });

  it('leaves the choices unmarked without an error', () => {
    render(<Extras />);
    const group = screen.getByRole('group', { name: 'Any extras?' });
    expect(describedBy(group)).toEqual([within(group).getByText('Choose up to 2.').id]);
    for (const box of within(group).getAllByRole('checkbox')) {
      expect(box.hasAttribute('aria-invalid')).toBe(false);
    }
  });
});

describe('Choice', () => {
  it('is a checkbox or radio button labelled by the text beside it', () => {
    let checked = false;
    render(
      <Choice
        type="checkbox"
        label="Enable right away"
        onChange={(event) => {
          checked = event.target.checked;
        }}
      />,
    );
    fireEvent.click(screen.getByLabelText('Enable right away'));
    expect(checked).toBe(true);
    expect(screen.getByRole('checkbox').closest('label')?.className).toBe('choice');
  });
});
