import { z } from 'zod';
import { appendMessage, messageEvent } from '../simulate.ts';
import { parseRfc3339, toRfc3339 } from '../time.ts';
import { fire } from '../webhook-delivery.ts';
import { ApiProblem } from './access.ts';
import { intParam, param, readableNegotiation, readJson } from './input.ts';
import type { ApiCall, ApiRoute } from './router.ts';

// Leads (negotiations), their job-status signals and their message threads (docs/thumbtack/api.md#negotiations, docs/thumbtack/api.md#messages).

const JOB_STATUSES = [
  'not_scheduled',
  'appt_scheduled',
  'job_complete',
  'invoice_paid',
  'customer_cancel',
  'pro_cancel',
] as const;

const JobStatusSchema = z
  .object({
    status: z.enum(JOB_STATUSES),
    partnerStatusChangedAt: z
      .string()
      .refine((v) => parseRfc3339(v) !== null, 'must be an RFC 3339 date-time')
      .optional(),
    invoiceAmountInCents: z.number().int().min(0).max(100_000_000).optional(),
  })
  .refine((b) => b.invoiceAmountInCents === undefined || b.status === 'invoice_paid', {
    message: 'invoiceAmountInCents is only allowed with status invoice_paid',
    path: ['invoiceAmountInCents'],
  });

const SendMessageSchema = z.object({ text: z.string().min(1).max(16384) });

function timeParam(call: ApiCall, name: string): number | null {
  const values = call.url.searchParams.getAll(name);
  if (values.length === 0) return null;
  const parsed = values.length === 1 ? parseRfc3339(values[0] ?? '') : null;
  if (parsed === null) throw new ApiProblem(400, `${name} must be one RFC 3339 date-time`);
  return parsed;
}

export const negotiationRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/negotiations/:negotiationID',
    access: [{ kind: 'user', scopes: ['supply::negotiations.read', 'demand::negotiations.read'] }],
    handle(call) {
      return Response.json(readableNegotiation(call, param(call, 'negotiationID')).negotiation);
    },
  },
  {
    method: 'POST',
    path: '/negotiations/:negotiationID/job-status',
    access: [{ kind: 'user', scopes: ['supply::negotiations.write'] }],
    async handle(call) {
      const record = readableNegotiation(call, param(call, 'negotiationID'));
      const body = await readJson(call.request, JobStatusSchema);
      const changedAt = body.partnerStatusChangedAt ? (parseRfc3339(body.partnerStatusChangedAt) ?? 0) : null;
      if (changedAt !== null && changedAt > call.ctx.clock.now() + 5 * 60_000) {
        throw new ApiProblem(400, 'invalid request body: partnerStatusChangedAt: must not be in the future');
      }
      record.jobStatus = {
        status: body.status,
        ...(changedAt !== null ? { partnerStatusChangedAt: toRfc3339(changedAt) } : {}),
        ...(body.invoiceAmountInCents !== undefined
          ? { invoiceAmountInCents: body.invoiceAmountInCents }
          : {}),
      };
      return Response.json({});
    },
  },
  {
    method: 'GET',
    path: '/negotiations/:negotiationID/messages',
    access: [{ kind: 'user', scopes: ['supply::messages.read', 'demand::messages.read'] }],
    handle(call) {
      const record = readableNegotiation(call, param(call, 'negotiationID'));
      const limit = intParam(call.url, 'limit', { min: 1, max: 20, fallback: 10 });
      const before = timeParam(call, 'sentBefore');
      const after = timeParam(call, 'sentAfter');
      // Newest first: the first page is the latest activity, and sentBefore=<oldest shown> pages back.
      const data = (call.ctx.state.world.messages.get(record.negotiation.negotiationID) ?? [])
        .filter((m) => {
          const at = parseRfc3339(m.sentAt) ?? 0;
          return (before === null || at < before) && (after === null || at > after);
        })
        .slice()
        .reverse()
        .slice(0, limit);
      return Response.json({ data, pagination: { limit } });
    },
  },
  {
    method: 'POST',
    path: '/negotiations/:negotiationID/messages',
    access: [{ kind: 'user', scopes: ['supply::messages.write', 'demand::messages.write'] }],
    async handle(call) {
      const record = readableNegotiation(call, param(call, 'negotiationID'));
      const body = await readJson(call.request, SendMessageSchema);
      const from = call.client.side === 'supply' ? 'Business' : 'Customer';
      const message = appendMessage(call.ctx, record, from, body.text);
      fire(call.ctx, messageEvent(record, message));
      return Response.json(message, { status: 201 });
    },
  },
];
