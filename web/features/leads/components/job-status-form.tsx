import { useId, useState } from 'react';
import { InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { useMutation } from '../../../lib/use-mutation';
import { JOB_STATUSES, type JobStatus, updateJobStatus } from '../api/update-job-status';

/** Lets the pro tell Thumbtack where the job stands. */
export function JobStatusForm({ negotiationId }: { negotiationId: string }) {
  const [status, setStatus] = useState<JobStatus>('appt_scheduled');
  const [saved, setSaved] = useState<JobStatus | undefined>();
  const id = useId();
  const mutation = useMutation((value: JobStatus) => updateJobStatus(negotiationId, value));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    const result = await mutation.run(status);
    if (result.ok) setSaved(status);
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Job status</h2>
      <Field label="Where does this job stand?">
        {(control) => (
          <select
            {...control}
            className="select"
            value={status}
            onChange={(event) => setStatus(event.target.value as JobStatus)}
          >
            {JOB_STATUSES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending}>
          {mutation.pending ? 'Updating…' : 'Update status'}
        </button>
      </div>
      <div aria-live="polite">
        {saved ? (
          <p className="notice notice--success">
            Thumbtack now shows this job as “{JOB_STATUSES.find((option) => option.value === saved)?.label}”.
          </p>
        ) : null}
      </div>
      {mutation.error ? <InlineError error={mutation.error} action="updating job status" /> : null}
    </form>
  );
}
