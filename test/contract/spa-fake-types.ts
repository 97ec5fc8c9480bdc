// The SPA's Thumbtack types against the fake's. The SPA writes its types by hand
// (web/features/<area>/api/); the fake's are in test/mocks/thumbtack/types.ts. This file holds them
// together: `npm run typecheck` fails, naming the field, when the SPA declares a field the fake's type
// lacks, reads one with an incompatible type, or requires one the fake may leave out. Types only, checked
// by `tsc --noEmit`; imports go one way, from here into web/ and test/mocks/ (web/ never imports test/).
//
// Answers: the fake's type must satisfy the SPA's (Contract). Bodies the SPA sends: the SPA's type must
// satisfy the fake's, minus what the BFF adds (BodyContract). The helpers are in type-contract.ts, and
// spa-fake-types.test.ts shows that they reject a drifted pair.

import type { Business, BusinessList } from '../../web/features/businesses/api/get-businesses';
import type { Negotiation, Page } from '../../web/features/leads/api/types';
import type { JobStatus, JobStatusUpdate } from '../../web/features/leads/api/update-job-status';
import type {
  Answer,
  Category,
  CategoryList,
  CreatedRequest,
  Keyword,
  KeywordList,
  NewRequest,
  Pro,
  ProSearch,
  ProSearchBody,
  Question,
  RequestForm,
} from '../../web/features/marketplace/api/marketplace';
import type { Message, MessageList, NewMessage } from '../../web/features/messages/api/messages';
import type {
  NewPhoneNumber,
  PhoneNumber,
  PhoneNumberList,
  PhoneNumberRename,
} from '../../web/features/phone-numbers/api/phone-numbers';
import type { Review, ReviewPage, ReviewResponse } from '../../web/features/reviews/api/reviews';
import type {
  NewWebhook,
  WEBHOOK_EVENT_TYPES,
  Webhook,
  WebhookAuth,
  WebhookList,
} from '../../web/features/webhooks/api/webhooks';
import type { businessSummary } from '../mocks/thumbtack/api/businesses.ts';
import type { BUSINESS_EVENT_TYPES, webhookView } from '../mocks/thumbtack/api/webhooks.ts';
import type {
  BusinessListV4,
  BusinessSearchBodyV4,
  BusinessSearchV4,
  BusinessV4,
  CategoryListV4,
  CategoryV4,
  CreatedRequestV4,
  JobStatus as FakeJobStatus,
  JobStatusBodyV4,
  KeywordListV4,
  KeywordV4,
  MessageCreateBodyV4,
  MessageListV4,
  MessageV4,
  NegotiationV4,
  OffsetPageV4,
  PhoneNumberCreateBodyV4,
  PhoneNumberListV4,
  PhoneNumberUpdateBodyV4,
  PhoneNumberV4,
  ProSearchResultV4,
  RequestCreateBodyV4,
  RequestFormQuestionV4,
  RequestFormV4,
  ReviewResponseBodyV4,
  ReviewV4,
  WebhookAuthBodyV4,
  WebhookCreateBodyV4,
  WebhookListV4,
  WebhookUpdateBodyV4,
  WebhookV4,
} from '../mocks/thumbtack/types.ts';
import type { Assert, BodyContract, Contract, Extends, Same } from './type-contract.ts';

/** The webhooks the SPA manages are a business's (web/features/webhooks/api/webhooks.ts). */
type BusinessWebhookV4 = Extract<WebhookV4, { businessID: string }>;

/** Fields the BFF adds to a body on its way to Thumbtack (docs/thumbtack/api.md#utm-source). */
type FromTheBrowser<T> = Omit<T, 'utmData'>;

// The fake's own types name what its handlers build: where a builder is exported, hold it to its type.
export type FakeBuilders = [
  Assert<Same<ReturnType<typeof businessSummary>, BusinessV4>>,
  Assert<Same<ReturnType<typeof webhookView>, WebhookV4>>,
];

// Supply: businesses, leads, messages, reviews, phone numbers, webhooks.
export type SupplyAnswers = [
  Assert<Contract<Business, BusinessV4, 'Business'>>,
  Assert<Contract<BusinessList, BusinessListV4, 'BusinessList'>>,
  Assert<Contract<Negotiation, NegotiationV4, 'Negotiation'>>,
  Assert<Contract<Page<Negotiation>, OffsetPageV4<NegotiationV4>, 'Page<Negotiation>'>>,
  Assert<Contract<Message, MessageV4, 'Message'>>,
  Assert<Contract<MessageList, MessageListV4, 'MessageList'>>,
  Assert<Contract<Review, ReviewV4, 'Review'>>,
  Assert<Contract<ReviewPage, OffsetPageV4<ReviewV4>, 'ReviewPage'>>,
  Assert<Contract<PhoneNumber, PhoneNumberV4, 'PhoneNumber'>>,
  Assert<Contract<PhoneNumberList, PhoneNumberListV4, 'PhoneNumberList'>>,
  Assert<Contract<Webhook, BusinessWebhookV4, 'Webhook'>>,
  Assert<Contract<WebhookList, WebhookListV4, 'WebhookList'>>,
];

// Demand: the marketplace catalogue, search and requests.
export type DemandAnswers = [
  Assert<Contract<Keyword, KeywordV4, 'Keyword'>>,
  Assert<Contract<KeywordList, KeywordListV4, 'KeywordList'>>,
  Assert<Contract<Pro, ProSearchResultV4, 'Pro'>>,
  Assert<Contract<ProSearch, BusinessSearchV4, 'ProSearch'>>,
  Assert<Contract<Category, CategoryV4, 'Category'>>,
  Assert<Contract<CategoryList, CategoryListV4, 'CategoryList'>>,
  Assert<Contract<Answer, RequestFormQuestionV4['answers'][number], 'Answer'>>,
  Assert<Contract<Question, RequestFormQuestionV4, 'Question'>>,
  Assert<Contract<RequestForm, RequestFormV4, 'RequestForm'>>,
  Assert<Contract<CreatedRequest, CreatedRequestV4, 'CreatedRequest'>>,
];

// What the SPA sends.
export type Bodies = [
  Assert<BodyContract<NewMessage, MessageCreateBodyV4, 'NewMessage'>>,
  Assert<BodyContract<ReviewResponse, ReviewResponseBodyV4, 'ReviewResponse'>>,
  Assert<BodyContract<NewPhoneNumber, PhoneNumberCreateBodyV4, 'NewPhoneNumber'>>,
  Assert<BodyContract<PhoneNumberRename, PhoneNumberUpdateBodyV4, 'PhoneNumberRename'>>,
  Assert<BodyContract<JobStatusUpdate, JobStatusBodyV4, 'JobStatusUpdate'>>,
  Assert<Same<JobStatus, FakeJobStatus>>,
  Assert<BodyContract<WebhookAuth, WebhookAuthBodyV4, 'WebhookAuth'>>,
  Assert<BodyContract<NewWebhook, WebhookCreateBodyV4, 'NewWebhook'>>,
  Assert<BodyContract<Partial<NewWebhook>, WebhookUpdateBodyV4, 'Partial<NewWebhook>'>>,
  // The events the SPA offers must be events a business webhook accepts.
  Assert<Extends<(typeof WEBHOOK_EVENT_TYPES)[number]['value'], (typeof BUSINESS_EVENT_TYPES)[number]>>,
  Assert<BodyContract<ProSearchBody, FromTheBrowser<BusinessSearchBodyV4>, 'ProSearchBody'>>,
  Assert<BodyContract<NewRequest, FromTheBrowser<RequestCreateBodyV4>, 'NewRequest'>>,
];
