import { useId, useState } from 'react';
import { InlineError } from '../../../components/error-state';
import { useMutation } from '../../../lib/use-mutation';
import { addPhoneNumber, normalizePhoneNumber, PHONE_PATTERN } from '../api/phone-numbers';

export function AddPhoneNumberForm({ businessId, onAdded }: { businessId: string; onAdded: () => void }) {
  const id = useId();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const mutation = useMutation((value: { phoneNumber: string; name: string }) =>
    addPhoneNumber(businessId, value),
  );

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const phoneNumber = normalizePhoneNumber(phone);
    if (!PHONE_PATTERN.test(phoneNumber)) {
      setProblem('Enter a US or Canadian number, such as +1 555 010 4477.');
      return;
    }
    if (!name.trim()) {
      setProblem('Give the number a name, such as whose phone it is.');
      return;
    }
    setProblem(undefined);
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
        <div className="field">
          <label className="field__label" htmlFor={`${id}-phone`}>
            Phone number
          </label>
          <input
            id={`${id}-phone`}
            className="input"
            type="tel"
            autoComplete="tel"
            placeholder="+1 555 010 4477"
            value={phone}
            onChange={(event) => setPhone(event.target.value)}
            aria-invalid={problem?.startsWith('Enter') ? true : undefined}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-name`}>
            Name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            placeholder="Alex's mobile"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={problem?.startsWith('Give') ? true : undefined}
          />
        </div>
      </div>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
      {mutation.error ? <InlineError error={mutation.error} action="linking phone numbers" /> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending}>
          {mutation.pending ? 'Linking…' : 'Link number'}
        </button>
      </div>
    </form>
  );
}
