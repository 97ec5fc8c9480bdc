import { api } from '../../../lib/api-client';

// POST /api/v4/negotiations/{id}/job-status: tells Thumbtack where the job stands, which updates the
// lead's label in the pro's Thumbtack inbox and their hire stats.
export const JOB_STATUSES = [
  { value: 'not_scheduled', label: 'Not scheduled yet' },
  { value: 'appt_scheduled', label: 'Appointment scheduled' },
  { value: 'job_complete', label: 'Job complete' },
  { value: 'invoice_paid', label: 'Invoice paid' },
  { value: 'customer_cancel', label: 'Cancelled by the customer' },
  { value: 'pro_cancel', label: 'Cancelled by me' },
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number]['value'];

/** The body; test/contract/spa-fake-types.ts keeps it and JobStatus honest against what the fake accepts. */
export type JobStatusUpdate = { status: JobStatus };

export function updateJobStatus(negotiationId: string, status: JobStatus): Promise<unknown> {
  const body: JobStatusUpdate = { status };
  return api.post(`/api/v4/negotiations/${encodeURIComponent(negotiationId)}/job-status`, body);
}
