import { api } from '../../../lib/api-client';

// Business phone numbers ("Thumbtack Numbers", docs/thumbtack/api.md#phone-numbers). The types are written
// by hand; test/contract/spa-fake-types.ts keeps them honest against the fake's PhoneNumberV4,
// PhoneNumberListV4 and the phone-number bodies it accepts.
export type PhoneNumber = {
  phoneNumberID: string;
  businessID?: string;
  phoneNumber: string;
  name?: string;
  createdTime?: string;
  updatedTime?: string;
  lastActivityTime?: string;
  isDeleted?: boolean;
};

export type PhoneNumberList = { phoneNumbers?: PhoneNumber[] };

export type NewPhoneNumber = { phoneNumber: string; name: string };

export type PhoneNumberRename = { name: string };

// Thumbtack accepts North American E.164 numbers only.
export const PHONE_PATTERN = /^\+1\d{10}$/;

/** "(555) 010-4477", "555-010-4477" and "+1 555 010 4477" all become "+15550104477". */
export function normalizePhoneNumber(input: string): string {
  const digits = input.replace(/[^\d+]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return digits;
}

const base = (businessId: string) =>
  `/api/v4/businesses/${encodeURIComponent(businessId)}/associate-phone-numbers`;

export async function getPhoneNumbers(businessId: string, signal?: AbortSignal): Promise<PhoneNumber[]> {
  const list = await api.get<PhoneNumberList>(base(businessId), signal ? { signal } : {});
  return (list.phoneNumbers ?? []).filter((number) => !number.isDeleted);
}

export function addPhoneNumber(businessId: string, number: NewPhoneNumber): Promise<unknown> {
  return api.post(base(businessId), number);
}

export function renamePhoneNumber(businessId: string, phoneNumberId: string, name: string): Promise<unknown> {
  const body: PhoneNumberRename = { name };
  return api.put(`${base(businessId)}/${encodeURIComponent(phoneNumberId)}`, body);
}

export function removePhoneNumber(businessId: string, phoneNumberId: string): Promise<void> {
  return api.delete(`${base(businessId)}/${encodeURIComponent(phoneNumberId)}`);
}
