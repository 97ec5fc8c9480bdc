import { useEffect, useRef, useState } from 'react';
import { ConfirmButton } from '../../../components/confirm-button';
import { EmptyState } from '../../../components/empty-state';
import { InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { formatDate, formatPhoneNumber } from '../../../lib/format';
import { useMutation } from '../../../lib/use-mutation';
import { type PhoneNumber, removePhoneNumber, renamePhoneNumber } from '../api/phone-numbers';

export function PhoneNumberList({
  businessId,
  numbers,
  onChanged,
}: {
  businessId: string;
  numbers: PhoneNumber[];
  onChanged: () => void;
}) {
  if (numbers.length === 0) {
    return (
      <EmptyState title="No phone numbers linked">
        Link the phones of the people who answer customers, so they can call and text them through Thumbtack.
      </EmptyState>
    );
  }
  return (
    <ul className="rows" aria-label="Phone numbers">
      {numbers.map((number) => (
        <PhoneNumberRow
          key={number.phoneNumberID}
          businessId={businessId}
          number={number}
          onChanged={onChanged}
        />
      ))}
    </ul>
  );
}

function PhoneNumberRow({
  businessId,
  number,
  onChanged,
}: {
  businessId: string;
  number: PhoneNumber;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  // The person just asked to rename this number: the name field is where they want to be.
  useEffect(() => {
    if (editing) nameRef.current?.focus();
  }, [editing]);
  const [name, setName] = useState(number.name ?? '');
  const rename = useMutation((value: string) => renamePhoneNumber(businessId, number.phoneNumberID, value));
  const remove = useMutation(() => removePhoneNumber(businessId, number.phoneNumberID));
  const label = number.name || formatPhoneNumber(number.phoneNumber);

  async function saveName(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    if ((await rename.run(name.trim())).ok) {
      setEditing(false);
      onChanged();
    }
  }

  return (
    <li className="row-card">
      {editing ? (
        <form className="form" onSubmit={saveName}>
          <Field label={`Name for ${formatPhoneNumber(number.phoneNumber)}`}>
            {(control) => (
              <input
                {...control}
                ref={nameRef}
                className="input"
                value={name}
                onChange={(event) => setName(event.target.value)}
              />
            )}
          </Field>
          {rename.error ? <InlineError error={rename.error} action="changing phone numbers" /> : null}
          <div className="button-row">
            <button type="submit" className="button button--small" disabled={rename.pending || !name.trim()}>
              {rename.pending ? 'Saving…' : 'Save name'}
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setEditing(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <div className="row-card__main">
            <span className="row-card__title">{label}</span>
            <span className="muted">
              {formatPhoneNumber(number.phoneNumber)}
              {number.lastActivityTime ? ` · last used ${formatDate(number.lastActivityTime)}` : ''}
            </span>
            {remove.error ? <InlineError error={remove.error} action="changing phone numbers" /> : null}
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setEditing(true)}
              aria-label={`Rename ${label}`}
            >
              Rename
            </button>
            <ConfirmButton
              label="Remove"
              question={`Remove ${label}? It can no longer reach customers through Thumbtack.`}
              confirmLabel="Remove number"
              pending={remove.pending}
              onConfirm={async () => {
                if ((await remove.run()).ok) onChanged();
              }}
            />
          </div>
        </>
      )}
    </li>
  );
}
