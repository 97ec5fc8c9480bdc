import { api } from '../../../lib/api-client';

// Business phone numbers ("Thumbtack Numbers", docs/thumbtack/api.md#phone-numbers).
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
  const list = await api.get<{ phoneNumbers?: PhoneNumber[] }>(base(businessId), signal ? { signal } : {});
  return (list.phoneNumbers ?? []).filter((number) => !number.isDeleted);
}

export function addPhoneNumber(
  businessId: string,
  number: { phoneNumber: string; name: string },
): Promise<unknown> {
  return api.post(base(businessId), number);
}

export function renamePhoneNumber(businessId: string, phoneNumberId: string, name: string): Promise<unknown> {
  return api.put(`${base(businessId)}/${encodeURIComponent(phoneNumberId)}`, { name });
}

export function removePhoneNumber(businessId: string, phoneNumberId: string): Promise<void> {
  return api.delete(`${base(businessId)}/${encodeURIComponent(phoneNumberId)}`);
}
