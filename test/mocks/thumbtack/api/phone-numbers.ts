import { z } from 'zod';
import { toRfc3339 } from '../time.ts';
import type { PhoneNumberV4 } from '../types.ts';
import { ApiProblem } from './access.ts';
import { ownBusiness, param, readJson } from './input.ts';
import type { ApiCall, ApiRoute } from './router.ts';

// "Associate phone numbers" of a business (docs/thumbtack/api.md#phone-numbers). Both scope spellings found in the
// wild are accepted, as the client's scope list carries both.

const READ = [
  {
    kind: 'user' as const,
    scopes: ['supply::businesses/associate-phone-numbers.read', 'supply::associate-phone-numbers.read'],
  },
];
const WRITE = [
  {
    kind: 'user' as const,
    scopes: ['supply::businesses/associate-phone-numbers.write', 'supply::associate-phone-numbers.write'],
  },
];

// North-American E.164, as the spec's pattern has it.
const PhoneSchema = z.string().regex(/^\+1\d{1,14}$/, 'must be an E.164 number starting with +1');
const NameSchema = z.string().trim().min(1).max(100);
const CreateSchema = z.object({ phoneNumber: PhoneSchema, name: NameSchema });
const UpdateSchema = z
  .object({ phoneNumber: PhoneSchema.optional(), name: NameSchema.optional() })
  .refine((b) => b.phoneNumber !== undefined || b.name !== undefined, 'phoneNumber or name is required');
const BulkSchema = z.object({ phoneNumbers: z.array(CreateSchema).min(1).max(50) });

function active(call: ApiCall, businessID: string): PhoneNumberV4[] {
  return (call.ctx.state.world.phoneNumbers.get(businessID) ?? []).filter((p) => !p.isDeleted);
}

function add(call: ApiCall, businessID: string, input: { phoneNumber: string; name: string }): PhoneNumberV4 {
  if (active(call, businessID).some((p) => p.phoneNumber === input.phoneNumber)) {
    throw new ApiProblem(409, `phone number ${input.phoneNumber} is already associated with this business`);
  }
  const now = toRfc3339(call.ctx.clock.now());
  const record: PhoneNumberV4 = {
    phoneNumberID: call.ctx.state.world.prng.id(),
    businessID,
    phoneNumber: input.phoneNumber,
    createdTime: now,
    updatedTime: now,
    lastActivityTime: now,
    isDeleted: false,
    name: input.name,
  };
  const list = call.ctx.state.world.phoneNumbers.get(businessID) ?? [];
  list.push(record);
  call.ctx.state.world.phoneNumbers.set(businessID, list);
  return record;
}

function find(call: ApiCall): PhoneNumberV4 {
  const business = ownBusiness(call, param(call, 'businessID'));
  const found = active(call, business.businessID).find(
    (p) => p.phoneNumberID === param(call, 'phoneNumberID'),
  );
  if (!found) throw new ApiProblem(404, 'phone number not found');
  return found;
}

export const phoneNumberRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/businesses/:businessID/associate-phone-numbers',
    access: READ,
    handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      return Response.json({ phoneNumbers: active(call, business.businessID) });
    },
  },
  {
    method: 'POST',
    path: '/businesses/:businessID/associate-phone-numbers',
    access: WRITE,
    async handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      const body = await readJson(call.request, CreateSchema);
      return Response.json(add(call, business.businessID, body), { status: 201 });
    },
  },
  {
    method: 'POST',
    path: '/businesses/:businessID/associate-phone-numbers-bulk-create',
    access: WRITE,
    async handle(call) {
      const business = ownBusiness(call, param(call, 'businessID'));
      const body = await readJson(call.request, BulkSchema);
      const numbers = body.phoneNumbers.map((p) => p.phoneNumber);
      if (new Set(numbers).size !== numbers.length)
        throw new ApiProblem(400, 'invalid request body: duplicate phoneNumber');
      // Checked up front so a conflict leaves nothing half-created.
      const taken = numbers.find((n) => active(call, business.businessID).some((p) => p.phoneNumber === n));
      if (taken) throw new ApiProblem(409, `phone number ${taken} is already associated with this business`);
      return Response.json(
        { phoneNumbers: body.phoneNumbers.map((p) => add(call, business.businessID, p)) },
        { status: 201 },
      );
    },
  },
  {
    method: 'PUT',
    path: '/businesses/:businessID/associate-phone-numbers/:phoneNumberID',
    access: WRITE,
    async handle(call) {
      const record = find(call);
      const body = await readJson(call.request, UpdateSchema);
      if (
        body.phoneNumber !== undefined &&
        body.phoneNumber !== record.phoneNumber &&
        active(call, record.businessID).some((p) => p.phoneNumber === body.phoneNumber)
      ) {
        throw new ApiProblem(
          409,
          `phone number ${body.phoneNumber} is already associated with this business`,
        );
      }
      if (body.phoneNumber !== undefined) record.phoneNumber = body.phoneNumber;
      if (body.name !== undefined) record.name = body.name;
      record.updatedTime = toRfc3339(call.ctx.clock.now());
      return Response.json(record);
    },
  },
  {
    method: 'DELETE',
    path: '/businesses/:businessID/associate-phone-numbers/:phoneNumberID',
    access: WRITE,
    handle(call) {
      const record = find(call);
      record.isDeleted = true;
      record.updatedTime = toRfc3339(call.ctx.clock.now());
      return new Response(null, { status: 204 });
    },
  },
];
