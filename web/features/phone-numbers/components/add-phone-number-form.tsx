import { useId, useState } from 'react';
import { InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { useMutation } from '../../../lib/use-mutation';
import { addPhoneNumber, normalizePhoneNumber, PHONE_PATTERN } from '../api/phone-numbers';

/** The first thing to fix, and which field it is about. */
type Problem = { field: 'phone' | 'name'; message: string };

function validate(phoneNumber: string, name: string): Problem | undefined {
  if (!PHONE_PATTERN.test(phoneNumber)) {
    return { field: 'phone', message: 'Enter a US or Canadian number, such as +1 555 010 4477.' };
  }
  if (!name) return { field: 'name', message: 'Give the number a name, such as whose phone it is.' };
  return undefined;
}

export function AddPhoneNumberForm({ businessId, onAdded }: { businessId: string; onAdded: () => void }) {
  const id = useId();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const mutation = useMutation((value: { phoneNumber: string; name: string }) =>
    addPhoneNumber(businessId, value),
  );
  const errorFor = (field: Problem['field']) => (problem?.field === field ? problem.message : undefined);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const phoneNumber = normalizePhoneNumber(phone);
    const found = validate(phoneNumber, name.trim());
    setProblem(found);
    if (found) return;
    if ((await mutation.run({ phoneNumber, name: name.trim() })).ok) {
      setPhone('');
      setName('');
      onAdded();
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Link a phone number</h2>
      <div className="grid-2">
        <Field label="Phone number" error={errorFor('phone')}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="tel"
              autoComplete="tel"
              placeholder="+1 555 010 4477"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
            />
          )}
        </Field>
        <Field label="Name" error={errorFor('name')}>
          {(control) => (
            <input
              {...control}
              className="input"
              placeholder="Alex's mobile"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
      </div>
      {mutation.error ? <InlineError error={mutation.error} action="linking phone numbers" /> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending}>
          {mutation.pending ? 'Linking…' : 'Link number'}
        </button>
      </div>
    </form>
  );
}
