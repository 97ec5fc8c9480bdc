import { api } from '../../../lib/api-client';

// MessageV4 (docs/thumbtack/api.md#messagev4). Written by hand; test/contract/spa-fake-types.ts keeps these
// types honest against the fake's MessageV4, MessageListV4 and MessageCreateBodyV4.
export type Message = {
  messageID: string;
  negotiationID?: string;
  from: 'Customer' | 'Business' | string;
  customer?: { customerID?: string; displayName?: string };
  business?: { businessID?: string; displayName?: string };
  text: string;
  attachments?: { fileName: string; url: string }[];
  sentAt: string;
};

export type MessageList = { data?: Message[] };

export type NewMessage = { text: string };

export const MESSAGE_PAGE_SIZE = 20;

// GET /api/v4/negotiations/{id}/messages?limit&sentBefore: a page of the thread; older pages are
// asked for with the oldest `sentAt` already shown.
export async function getMessages(
  negotiationId: string,
  options: { sentBefore?: string; signal?: AbortSignal } = {},
): Promise<Message[]> {
  const page = await api.get<MessageList>(
    `/api/v4/negotiations/${encodeURIComponent(negotiationId)}/messages`,
    {
      query: { limit: MESSAGE_PAGE_SIZE, sentBefore: options.sentBefore },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return page.data ?? [];
}

// POST /api/v4/negotiations/{id}/messages {"text"}: answers with the created message.
export function sendMessage(negotiationId: string, text: string): Promise<Message | undefined> {
  const body: NewMessage = { text };
  return api.post<Message | undefined>(
    `/api/v4/negotiations/${encodeURIComponent(negotiationId)}/messages`,
    body,
  );
}

/** Oldest first, each message once: pages can overlap when new messages arrive between loads. */
export function mergeMessages(...lists: readonly (readonly Message[])[]): Message[] {
  const byId = new Map<string, Message>();
  for (const list of lists) for (const message of list) byId.set(message.messageID, message);
  return [...byId.values()].sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
}
