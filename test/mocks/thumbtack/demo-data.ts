import { type Category, findCategory, requireCategory } from './catalogue.ts';
import { IMAGE_CDN_PREFIX } from './demo-images.ts';
import { dollars, plain, withSalesTax } from './money.ts';
import { createPrng, type Prng } from './prng.ts';
import { DAY, HOUR, MINUTE, SECOND, toRfc3339 } from './time.ts';
import type {
  JobStatus,
  MessageV4,
  NegotiationStatus,
  NegotiationV4,
  PhoneNumberV4,
  RequestV4,
  ReviewV4,
  WebhookRecord,
} from './types.ts';

// The demo world: one pro (two businesses, leads, threads, reviews, phone numbers, a webhook), one
// customer with requests to several pros, and a few other pros to search for and to own data nobody
// else may read. Everything is derived from fixed seeds and an anchor time, so two processes started
// the same day hold identical data and tests can assert exact values.

export interface UserRecord {
  userID: string;
  /** Login name on the fake consent page; null for people nobody can sign in as. */
  accountID: string | null;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified: boolean;
  /** E.164, as OIDC's phone_number claim wants it. */
  phoneNumber: string;
  picture: string;
  zoneinfo: string;
}

export interface BusinessRecord {
  businessID: string;
  ownerUserID: string;
  name: string;
  imageURL: string;
  /** Digits only, as observed in lead payloads. */
  phoneNumber: string;
  categoryIDs: string[];
  introduction: string;
  location: { city: string; state: string; zipCode: string };
  yearsInBusiness: number;
  numberOfHires: number;
  responseTimeHours: number;
  isTopPro: boolean;
  isBackgroundChecked: boolean;
  startingCostCents: number;
  costUnit: string;
}

export interface NegotiationRecord {
  negotiation: NegotiationV4;
  customerUserID: string;
  jobStatus: { status: JobStatus; partnerStatusChangedAt?: string; invoiceAmountInCents?: number } | null;
}

export interface SearchRecord {
  searchID: string;
  createdAt: number;
  categoryID: string | null;
  zipCode: string;
  businessIDs: string[];
}

export interface World {
  /** Midnight UTC of the day the fake was created: every seeded time is relative to it. */
  anchor: number;
  /** Continues after seeding, so IDs of things created at runtime are deterministic too. */
  prng: Prng;
  users: Map<string, UserRecord>;
  businesses: Map<string, BusinessRecord>;
  negotiations: Map<string, NegotiationRecord>;
  /** Per negotiation, oldest first. */
  messages: Map<string, MessageV4[]>;
  /** Per business, newest first. */
  reviews: Map<string, ReviewV4[]>;
  /** Per business, in creation order. */
  phoneNumbers: Map<string, PhoneNumberV4[]>;
  webhooks: Map<string, WebhookRecord>;
  searches: Map<string, SearchRecord>;
}

export const WEBSITE = 'https://www.thumbtack.com';
const IMAGE_CDN = IMAGE_CDN_PREFIX;

const FIRST_NAMES = [
  'Dana',
  'Marcus',
  'Olivia',
  'Ethan',
  'Grace',
  'Luis',
  'Hannah',
  'Tyler',
  'Sofia',
  'Andre',
  'Megan',
  'Kevin',
  'Rachel',
  'Jamal',
  'Emily',
  'Carlos',
  'Nina',
  'Brandon',
  'Aisha',
  'Derek',
];
const LAST_NAMES = [
  'Reyes',
  'Nguyen',
  'Young',
  'Patel',
  'Kim',
  'Garcia',
  'Walsh',
  'Brooks',
  'Chen',
  'Foster',
  'Hughes',
  'Ramirez',
  'Bennett',
  'Okafor',
  'Sullivan',
  'Morales',
  'Park',
  'Fischer',
  'Coleman',
  'Diaz',
];
const STREETS = [
  'Bouldin Ave',
  'S Congress Ave',
  'Barton Springs Rd',
  'Manchaca Rd',
  'W Mary St',
  'Oltorf St',
  'Menchaca Rd',
  'Cesar Chavez St',
  'Lamar Blvd',
  'Red River St',
  'Guadalupe St',
  'Burnet Rd',
];
const AUSTIN_ZIPS = ['78704', '78745', '78701', '78702', '78703', '78705', '78741', '78748', '78757'];

/** The two people someone can sign in as on the fake consent page, plus their well-known data. */
export interface DemoAccount {
  accountID: string;
  userID: string;
  side: 'supply' | 'demand';
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
}

export interface DemoProAccount extends DemoAccount {
  businessIDs: readonly string[];
  longThreadNegotiationID: string;
  reviewedBusinessID: string;
  negotiationIDs: readonly string[];
}

export interface DemoCustomerAccount extends DemoAccount {
  negotiationIDs: readonly string[];
}

interface Fixed {
  pro: { userID: string; businessIDs: [string, string] };
  customer: { userID: string };
}

// IDs of the well-known records come from their own generator so editing the generated bulk later
// never renumbers them.
function fixedIds(): Fixed {
  const prng = createPrng(0x7e57da7a);
  const pro = prng.id();
  const customer = prng.id();
  return { pro: { userID: pro, businessIDs: [prng.id(), prng.id()] }, customer: { userID: customer } };
}
const FIXED = fixedIds();

function iso(ms: number): string {
  return toRfc3339(ms);
}

function imageURL(prng: Prng): string {
  return `${IMAGE_CDN}/${prng.id()}/desktop/standard/fullscreen`;
}

function digitsPhone(prng: Prng, area = '512'): string {
  // 555-01xx numbers are reserved for fiction.
  return `${area}55501${String(prng.int(0, 99)).padStart(2, '0')}`;
}

function addUser(world: World, user: UserRecord): UserRecord {
  world.users.set(user.userID, user);
  return user;
}

export function makePerson(world: World, prng: Prng, firstName?: string, lastName?: string): UserRecord {
  const first = firstName ?? prng.pick(FIRST_NAMES);
  const last = lastName ?? prng.pick(LAST_NAMES);
  const phone = digitsPhone(prng);
  return addUser(world, {
    userID: prng.id(),
    accountID: null,
    firstName: first,
    lastName: last,
    email: `${first}.${last}${prng.int(1, 99)}@example.com`.toLowerCase(),
    emailVerified: true,
    phoneNumber: `+1${phone}`,
    picture: imageURL(prng),
    zoneinfo: 'America/Chicago',
  });
}

interface BusinessSeed {
  name: string;
  categories: string[];
  introduction: string;
  zipCode: string;
  costUnit: string;
  startingCostCents: number;
}

const OTHER_BUSINESSES: BusinessSeed[] = [
  {
    name: 'Capital City TV Mounting',
    categories: ['TV Mounting'],
    introduction: 'Clean installs with hidden wiring, same-week appointments across Austin.',
    zipCode: '78702',
    costUnit: 'per TV',
    startingCostCents: 12900,
  },
  {
    name: 'Sparkle & Shine Cleaning',
    categories: ['House Cleaning'],
    introduction: 'Family-run cleaning team, eco-friendly supplies, background-checked staff.',
    zipCode: '78745',
    costUnit: 'per cleaning',
    startingCostCents: 11000,
  },
  {
    name: 'Summit Plumbing Co.',
    categories: ['Plumbing'],
    introduction: 'Licensed master plumber. Leaks, drains and water heaters, 7 days a week.',
    zipCode: '78757',
    costUnit: 'per hour',
    startingCostCents: 9500,
  },
  {
    name: 'Lone Star Junk Haulers',
    categories: ['Junk Removal'],
    introduction: 'We haul it all and donate what we can.',
    zipCode: '78741',
    costUnit: 'per load',
    startingCostCents: 14900,
  },
  {
    name: 'Brightwall Painting',
    categories: ['Interior Painting'],
    introduction: 'Careful prep, clean lines, zero-VOC paints on request.',
    zipCode: '78703',
    costUnit: 'per room',
    startingCostCents: 35000,
  },
  {
    name: 'Hill Country Kitchens',
    categories: ['Kitchen Remodel'],
    introduction: 'Design-build kitchen remodels from layout to last tile.',
    zipCode: '78746',
    costUnit: 'per project',
    startingCostCents: 1500000,
  },
  {
    name: 'Barton Creek Handyman',
    categories: ['Handyman', 'Furniture Assembly'],
    introduction: 'No job too small: repairs, assembly and odd jobs.',
    zipCode: '78704',
    costUnit: 'per hour',
    startingCostCents: 6500,
  },
];

function addBusiness(
  world: World,
  prng: Prng,
  businessID: string,
  ownerUserID: string,
  seed: BusinessSeed,
): BusinessRecord {
  const business: BusinessRecord = {
    businessID,
    ownerUserID,
    name: seed.name,
    imageURL: imageURL(prng),
    phoneNumber: digitsPhone(prng),
    categoryIDs: seed.categories.map((name) => requireCategory(name).categoryID),
    introduction: seed.introduction,
    location: { city: 'Austin', state: 'TX', zipCode: seed.zipCode },
    yearsInBusiness: prng.int(2, 18),
    numberOfHires: prng.int(20, 480),
    responseTimeHours: prng.int(1, 6),
    isTopPro: prng.chance(0.4),
    isBackgroundChecked: prng.chance(0.8),
    startingCostCents: seed.startingCostCents,
    costUnit: seed.costUnit,
  };
  world.businesses.set(businessID, business);
  world.reviews.set(businessID, []);
  world.phoneNumbers.set(businessID, []);
  return business;
}

export interface NewRequest {
  customer: UserRecord;
  category: Category;
  businesses: BusinessRecord[];
  createdAt: number;
  status?: NegotiationStatus;
  description?: string;
  futureFrom?: number;
  zipCode?: string;
}

/**
 * Creates one request sent to one or more businesses: one negotiation per business (a negotiation is a
 * business-customer pairing, docs/thumbtack/api.md#negotiations). Used by the seed and at runtime (simulate, test-negotiation, requests).
 */
export function createRequest(world: World, prng: Prng, input: NewRequest): NegotiationRecord[] {
  const { customer, category, businesses, createdAt } = input;
  const status = input.status ?? 'Open';
  const description = input.description ?? prng.pick(category.descriptions);
  const zipCode = input.zipCode ?? prng.pick(AUSTIN_ZIPS);
  const location = {
    address1: `${prng.int(100, 4999)} ${prng.pick(STREETS)}`,
    address2: prng.chance(0.3) ? `Apt ${prng.int(1, 40)}${prng.pick(['A', 'B', 'C'])}` : '',
    city: 'Austin',
    state: 'TX',
    zipCode,
  };
  const details = category.questions
    .filter((q) => q.questionType !== 'textBox')
    .map((q) => ({ question: q.prompt, answer: prng.pick(q.answers).value }));
  const base = Math.max(createdAt, input.futureFrom ?? createdAt);
  const firstDay = base - (base % DAY) + prng.int(1, 6) * DAY;
  const proposedTimes = Array.from({ length: prng.int(1, 3) }, (_, i) => {
    const start = firstDay + i * DAY + prng.int(14, 21) * HOUR;
    return { start: iso(start), end: iso(start + 2 * HOUR) };
  });
  const attachments = prng.chance(0.35)
    ? [
        {
          fileName: `${category.slug}-photo-1.jpg`,
          fileSize: prng.int(80_000, 2_400_000),
          mimeType: 'image/jpeg',
          url: `${IMAGE_CDN}/${prng.id()}/desktop/standard/fullscreen`,
          description: 'Photo of the area',
        },
      ]
    : [];
  const requestID = prng.id();
  const negotiationIDs = businesses.map(() => prng.id());
  const request: RequestV4 = {
    requestID,
    customerID: customer.userID,
    contactedBusinesses: businesses.map((b, i) => ({
      businessID: b.businessID,
      name: b.name,
      imageURL: b.imageURL,
      phoneNumber: b.phoneNumber,
      negotiationID: negotiationIDs[i] ?? '',
    })),
    description,
    category: { categoryID: category.categoryID, name: category.name },
    proposedTimes,
    location,
    travelPreferences: ['ProviderTravelToCustomer'],
    details,
    attachments,
  };
  return businesses.map((business, i) => {
    const negotiationID = negotiationIDs[i] ?? prng.id();
    const units = category.estimate.type === 'Hourly' ? prng.int(2, 5) : 1;
    const unitCents = prng.int(category.estimate.low, category.estimate.high) * 100;
    const leadCents = prng.int(12, 68) * 100 + prng.pick([0, 25, 50, 75]);
    const chargeState =
      status === 'Picked'
        ? 'Charged'
        : status === 'Canceled'
          ? prng.pick(['Refunded', 'Created'] as const)
          : 'Created';
    const negotiation: NegotiationV4 = {
      negotiationID,
      createdAt: iso(createdAt),
      status,
      chargeState,
      leadPrice: dollars(leadCents),
      leadPriceBreakdown: withSalesTax(leadCents),
      requestReviewLink: `${WEBSITE}/pro-inbox/messages/${negotiationID}/request-review`,
      refundRequestLink: `${WEBSITE}/pro-inbox/messages/${negotiationID}/refund`,
      customer: {
        customerID: customer.userID,
        firstName: customer.firstName,
        lastName: customer.lastName,
        phone: customer.phoneNumber.replace(/^\+1/, ''),
      },
      business: {
        businessID: business.businessID,
        name: business.name,
        imageURL: business.imageURL,
        phoneNumber: business.phoneNumber,
      },
      request: structuredClone(request),
      estimate: {
        type: category.estimate.type,
        pricePerUnit: plain(unitCents),
        unitQuantity: units,
        unitName: category.estimate.unitName,
        total: dollars(unitCents * units),
      },
    };
    const record: NegotiationRecord = { negotiation, customerUserID: customer.userID, jobStatus: null };
    world.negotiations.set(negotiationID, record);
    world.messages.set(negotiationID, []);
    return record;
  });
}

export function createMessage(
  world: World,
  prng: Prng,
  record: NegotiationRecord,
  from: 'Customer' | 'Business',
  text: string,
  sentAt: number,
): MessageV4 {
  const { negotiation } = record;
  const customerName = `${negotiation.customer.firstName} ${negotiation.customer.lastName.slice(0, 1)}.`;
  // A real customer-sent delivery carried both party objects (observed: docs/thumbtack/api.md#messagev4).
  const message: MessageV4 = {
    messageID: prng.id(),
    negotiationID: negotiation.negotiationID,
    from,
    customer: { customerID: negotiation.customer.customerID, displayName: customerName },
    business: { businessID: negotiation.business.businessID, displayName: negotiation.business.name },
    text,
    attachments: [],
    sentAt: iso(sentAt),
  };
  const thread = world.messages.get(negotiation.negotiationID);
  if (thread) thread.push(message);
  else world.messages.set(negotiation.negotiationID, [message]);
  return message;
}

// The long thread on the pro's first lead: long enough (28 messages) that a client must page through it.
const LONG_THREAD: ['Customer' | 'Business', string][] = [
  [
    'Customer',
    'Hi Maya! I have a list of small repairs: a sticking front door, two drywall dents and a loose towel bar.',
  ],
  [
    'Business',
    'Hi Dana, thanks for reaching out. I can help with all of those. Is the door wood or fiberglass?',
  ],
  ['Customer', 'Wood, it is the original door from 1978. It sticks at the top corner when it is humid.'],
  [
    'Business',
    'That is usually the hinges sagging. I will bring longer screws and can plane the edge if needed.',
  ],
  ['Customer', 'Great. The drywall dents are in the hallway, about the size of a doorknob.'],
  [
    'Business',
    'Doorknob holes need a patch, mud and two coats. Do you have leftover paint from the hallway?',
  ],
  ['Customer', 'I think so, there are a few cans in the garage. I can check the labels tonight.'],
  ['Business', 'Perfect. If the label is readable I can match it; otherwise I can have it color-matched.'],
  ['Customer', 'Found it: Sherwin-Williams Agreeable Gray, eggshell.'],
  ['Business', 'That makes it easy. For the towel bar, is it pulling out of the drywall?'],
  ['Customer', 'Yes, the anchors pulled out. It is next to the shower.'],
  ['Business', 'I will use toggle bolts so it holds this time. Any other small things while I am there?'],
  ['Customer', 'Maybe the kitchen cabinet door that does not close all the way?'],
  ['Business', 'Sure, usually a hinge adjustment, a few minutes. I would estimate 3 hours in total.'],
  ['Customer', 'What would the total be?'],
  ['Business', 'At $85 an hour, about $255 plus materials, likely under $20.'],
  ['Customer', 'That sounds fair. When could you come?'],
  ['Business', 'I have Thursday morning at 9 or Saturday at 1. Which works better?'],
  ['Customer', 'Thursday at 9 is good. Should I be home the whole time?'],
  [
    'Business',
    'Only at the start and the end so I can walk you through it. I will text when I am on my way.',
  ],
  ['Customer', 'Booked! Thank you.'],
  ['Business', 'Thanks Dana, see you Thursday.'],
  ['Business', 'On my way, about 15 minutes out.'],
  ['Customer', 'Great, the side gate is open.'],
  [
    'Business',
    'All done. The patches need a day to cure before the second coat; I will swing by tomorrow at 4.',
  ],
  ['Customer', 'The door closes perfectly now. See you tomorrow.'],
  ['Business', 'Second coat is on. Everything is finished. Thank you for having me!'],
  ['Customer', 'Looks seamless, thank you so much. I will leave a review.'],
];

function shortThread(
  status: NegotiationStatus,
  record: NegotiationRecord,
): ['Customer' | 'Business', string][] {
  const { customer, estimate, request } = record.negotiation;
  const lines: ['Customer' | 'Business', string][] = [
    ['Customer', `Hi! ${request.description}`],
    [
      'Business',
      `Hi ${customer.firstName}, thanks for reaching out. I can help with this. Does the first proposed time still work?`,
    ],
    ['Customer', 'Yes, that works. About how much would it be?'],
    ['Business', `Based on your answers, about ${estimate.total}. I will confirm once I see it in person.`],
  ];
  if (status === 'Picked')
    lines.push(['Customer', "Sounds good, let's book it."], ['Business', 'Booked. See you then!']);
  if (status === 'Canceled')
    lines.push(['Customer', 'Thanks, but I found someone closer. Sorry for the trouble!']);
  return lines;
}

function writeThread(
  world: World,
  prng: Prng,
  record: NegotiationRecord,
  lines: ['Customer' | 'Business', string][],
  from: number,
  until: number,
): void {
  // Spread the messages over the time available, each at least one distinct second apart, so
  // sentBefore/sentAfter paging is exact.
  const natural = lines.map(() => prng.int(4, 240) * MINUTE);
  const total = natural.reduce((a, b) => a + b, 0);
  const room = until - from - MINUTE;
  const scale = total > room ? room / total : 1;
  let at = from;
  for (const [index, [sender, text]] of lines.entries()) {
    at += Math.max(SECOND, Math.floor(((natural[index] ?? MINUTE) * scale) / SECOND) * SECOND);
    createMessage(world, prng, record, sender, text, at);
  }
}

const REVIEW_TEXTS = [
  'Maya was on time, explained everything and left the place cleaner than she found it.',
  'Fixed three things in one visit. Fair price and great communication.',
  'Mounted our TV and hid all the wires. Looks like it came with the house.',
  'Assembled a whole nursery of furniture in an afternoon. Highly recommend.',
  'Quick response, honest quote, quality work. Will hire again.',
  'Patched a big hole in our drywall and you cannot even tell where it was.',
  'Very professional. Came back the next day to finish the paint as promised.',
  'Good work overall, though the appointment was rescheduled once.',
  'Replaced our rotten fence boards and re-hung the gate. Solid work.',
  'Friendly, careful with our floors, and fast.',
  'Fixed a door two other handymen could not. Worth every penny.',
  'Showed up with everything needed; no extra trips to the store billed to us.',
  'Great at explaining options and costs up front.',
  'The job took longer than quoted, but the result is good.',
  'Installed shelves, curtain rods and a ceiling fan in one visit.',
  'Reliable and tidy. Our go-to for small repairs now.',
  'Had to follow up twice to schedule, but the work itself was excellent.',
  'Careful, thoughtful work on an old house. Thank you!',
];
const GARDEN_REVIEWS = [
  'Our front yard went from patchy lawn to a beautiful native garden.',
  'Mulched and edged every bed in one day. Crisp lines.',
  'Thoughtful plant choices for our shady side yard.',
  'Reliable weekly mowing, always closes the gate.',
  'Great design ideas and stayed within budget.',
  'Good work; a couple of plants needed replacing after a month, which they did for free.',
];
const RESPONSES = [
  'Thank you so much for the kind words! It was a pleasure working with you.',
  'Thanks for trusting us with your home. See you next time!',
  'We appreciate the feedback and are glad it turned out well.',
  'Thank you for the review, and sorry again about the reschedule.',
];

/** "Dana R.": how reviews name their author. */
export function reviewerName(prng: Prng): string {
  return `${prng.pick(FIRST_NAMES)} ${prng.pick(LAST_NAMES).slice(0, 1)}.`;
}

function addReviews(
  world: World,
  prng: Prng,
  business: BusinessRecord,
  texts: string[],
  count: number,
): void {
  const reviews: ReviewV4[] = [];
  const picked = [...world.negotiations.values()].filter(
    (n) => n.negotiation.business.businessID === business.businessID && n.negotiation.status === 'Picked',
  );
  for (let i = 0; i < count; i += 1) {
    const created = world.anchor - (i * 11 + prng.int(2, 9)) * DAY - prng.int(1, 20) * HOUR;
    const rating = prng.pick([5, 5, 5, 5, 4, 4, 3, i === count - 2 ? 2 : 5]);
    const review: ReviewV4 = {
      reviewID: prng.id(),
      reviewText: texts[i % texts.length] ?? '',
      rating,
      createTime: iso(created),
      reviewerName: reviewerName(prng),
      negotiationID: picked[i]?.negotiation.negotiationID ?? prng.id(),
      categoryID: prng.pick(business.categoryIDs),
      images: prng.chance(0.25)
        ? [{ imageID: prng.id(), imageURL: imageURL(prng), caption: 'Finished work' }]
        : [],
    };
    // Every third review unanswered, so both kinds exist and a response can be added in tests.
    if (i % 3 !== 1) {
      review.responseText = prng.pick(RESPONSES);
      review.responseTime = iso(created + prng.int(2, 40) * HOUR);
    }
    reviews.push(review);
  }
  world.reviews.set(business.businessID, reviews);
}

function addPhoneNumber(
  world: World,
  prng: Prng,
  businessID: string,
  phoneNumber: string,
  name: string,
  at: number,
) {
  const list = world.phoneNumbers.get(businessID) ?? [];
  list.push({
    phoneNumberID: prng.id(),
    businessID,
    phoneNumber,
    createdTime: iso(at),
    updatedTime: iso(at),
    lastActivityTime: iso(at + 3 * DAY),
    isDeleted: false,
    name,
  });
  world.phoneNumbers.set(businessID, list);
}

interface LeadPlan {
  status: NegotiationStatus;
  daysAgo: number;
  category: string;
}

const ORTIZ_LEADS: LeadPlan[] = [
  { status: 'Picked', daysAgo: 12, category: 'Handyman' },
  { status: 'Open', daysAgo: 1, category: 'Handyman' },
  { status: 'Open', daysAgo: 2, category: 'Furniture Assembly' },
  { status: 'Picked', daysAgo: 6, category: 'TV Mounting' },
  { status: 'Canceled', daysAgo: 9, category: 'Handyman' },
  { status: 'Open', daysAgo: 3, category: 'TV Mounting' },
  { status: 'Picked', daysAgo: 20, category: 'Furniture Assembly' },
  { status: 'Canceled', daysAgo: 15, category: 'Handyman' },
  { status: 'Open', daysAgo: 4, category: 'Handyman' },
];
const EVERGREEN_LEADS: LeadPlan[] = [
  { status: 'Open', daysAgo: 2, category: 'Landscaping' },
  { status: 'Picked', daysAgo: 18, category: 'Lawn Mowing and Trimming' },
  { status: 'Canceled', daysAgo: 8, category: 'Landscaping' },
  { status: 'Open', daysAgo: 5, category: 'Lawn Mowing and Trimming' },
];

/** Builds the whole demo world for a given anchor (midnight UTC). Pure: same anchor, same world. */
export function buildWorld(anchor: number): World {
  const prng = createPrng(0x7468756d); // "thum"
  const world: World = {
    anchor,
    prng,
    users: new Map(),
    businesses: new Map(),
    negotiations: new Map(),
    messages: new Map(),
    reviews: new Map(),
    phoneNumbers: new Map(),
    webhooks: new Map(),
    searches: new Map(),
  };

  const maya = addUser(world, {
    userID: FIXED.pro.userID,
    accountID: 'demo-pro',
    firstName: 'Maya',
    lastName: 'Ortiz',
    email: 'maya.ortiz@example.com',
    emailVerified: true,
    phoneNumber: '+15125550147',
    picture: `${IMAGE_CDN}/${FIXED.pro.userID}/avatar/standard/square`,
    zoneinfo: 'America/Chicago',
  });
  const priya = addUser(world, {
    userID: FIXED.customer.userID,
    accountID: 'demo-customer',
    firstName: 'Priya',
    lastName: 'Shah',
    email: 'priya.shah@example.com',
    emailVerified: true,
    phoneNumber: '+15125550163',
    picture: `${IMAGE_CDN}/${FIXED.customer.userID}/avatar/standard/square`,
    zoneinfo: 'America/Chicago',
  });

  const ortiz = addBusiness(world, prng, FIXED.pro.businessIDs[0], maya.userID, {
    name: 'Ortiz Handyman & Repair',
    categories: ['Handyman', 'TV Mounting', 'Furniture Assembly'],
    introduction:
      'Small repairs done right the first time. Drywall, doors, mounting and assembly across South Austin.',
    zipCode: '78704',
    costUnit: 'per hour',
    startingCostCents: 8500,
  });
  const evergreen = addBusiness(world, prng, FIXED.pro.businessIDs[1], maya.userID, {
    name: 'Evergreen Yard & Garden Co.',
    categories: ['Landscaping', 'Lawn Mowing and Trimming'],
    introduction: 'Native, water-wise gardens and reliable lawn care.',
    zipCode: '78745',
    costUnit: 'per visit',
    startingCostCents: 4500,
  });
  const others = OTHER_BUSINESSES.map((seed) => {
    const owner = makePerson(world, prng);
    return addBusiness(world, prng, prng.id(), owner.userID, seed);
  });
  const otherByName = (name: string): BusinessRecord => {
    const found = others.find((b) => b.name === name);
    if (!found) throw new Error(`unknown business ${name}`);
    return found;
  };

  // The pro's generated leads; the first one (Picked) carries the long thread.
  const plans: [BusinessRecord, LeadPlan[]][] = [
    [ortiz, ORTIZ_LEADS],
    [evergreen, EVERGREEN_LEADS],
  ];
  for (const [business, leads] of plans) {
    for (const [index, plan] of leads.entries()) {
      const isLong = business === ortiz && index === 0;
      const customer = isLong ? makePerson(world, prng, 'Dana', 'Reyes') : makePerson(world, prng);
      const createdAt = anchor - plan.daysAgo * DAY + prng.int(13, 22) * HOUR + prng.int(0, 59) * MINUTE;
      const [record] = createRequest(world, prng, {
        customer,
        category: requireCategory(plan.category),
        businesses: [business],
        createdAt,
        status: plan.status,
        futureFrom: plan.status === 'Open' ? anchor : createdAt,
        ...(isLong
          ? {
              description:
                'A few small repairs: a sticking front door, two drywall dents and a loose towel bar.',
            }
          : {}),
      });
      if (!record) continue;
      writeThread(
        world,
        prng,
        record,
        isLong ? LONG_THREAD : shortThread(plan.status, record),
        createdAt,
        anchor,
      );
    }
  }

  // The demo customer's requests: one to two pros at once, one to the pro's garden business, one to a
  // business the pro does not own.
  const customerRequests: [Category, BusinessRecord[], number][] = [
    [requireCategory('TV Mounting'), [ortiz, otherByName('Capital City TV Mounting')], 3],
    [requireCategory('Landscaping'), [evergreen], 7],
    [requireCategory('House Cleaning'), [otherByName('Sparkle & Shine Cleaning')], 10],
  ];
  for (const [category, businesses, daysAgo] of customerRequests) {
    const createdAt = anchor - daysAgo * DAY + prng.int(14, 20) * HOUR;
    const records = createRequest(world, prng, {
      customer: priya,
      category,
      businesses,
      createdAt,
      futureFrom: anchor,
    });
    for (const record of records)
      writeThread(world, prng, record, shortThread('Open', record).slice(0, 3), createdAt, anchor);
  }

  // Some leads for the other pros too, so ownership checks have something to refuse.
  for (const business of others) {
    const category = findCategory(business.categoryIDs[0] ?? '') ?? requireCategory('Handyman');
    const customer = makePerson(world, prng);
    const createdAt = anchor - prng.int(2, 14) * DAY + prng.int(13, 22) * HOUR;
    const [record] = createRequest(world, prng, { customer, category, businesses: [business], createdAt });
    if (record) writeThread(world, prng, record, shortThread('Open', record).slice(0, 2), createdAt, anchor);
  }

  addReviews(world, prng, ortiz, REVIEW_TEXTS, 18);
  addReviews(world, prng, evergreen, GARDEN_REVIEWS, 6);
  for (const business of others) addReviews(world, prng, business, REVIEW_TEXTS.slice(4), prng.int(2, 5));

  addPhoneNumber(world, prng, ortiz.businessID, '+15125550147', "Maya's mobile", anchor - 90 * DAY);
  addPhoneNumber(world, prng, ortiz.businessID, '+15125550188', "Luis's phone (helper)", anchor - 30 * DAY);
  addPhoneNumber(world, prng, evergreen.businessID, '+15125550191', 'Crew lead phone', anchor - 45 * DAY);

  // Seeded webhooks are disabled: an enabled one would make every simulated event reach out to a
  // host nobody mocks. Tests register their own, enabled, receivers.
  const webhookID = prng.id();
  world.webhooks.set(webhookID, {
    webhookID,
    webhookURL: 'https://partner.example.com/thumbtack/webhooks',
    enabled: false,
    eventTypes: ['NegotiationCreatedV4', 'MessageCreatedV4'],
    auth: { type: 'Basic', username: 'thumbtack', password: 'demo-webhook-password' },
    owner: { kind: 'business', businessID: ortiz.businessID },
    clientID: 'demo-supply-client',
  });

  return world;
}

function leadIDs(world: World, businessID: string): string[] {
  return [...world.negotiations.values()]
    .filter((n) => n.negotiation.business.businessID === businessID)
    .map((n) => n.negotiation.negotiationID);
}

// Built once at import, from anchor 0: IDs do not depend on the anchor, only times do.
const REFERENCE = buildWorld(0);
const [ORTIZ_ID, EVERGREEN_ID] = FIXED.pro.businessIDs;
const LONG_THREAD_ID = leadIDs(REFERENCE, ORTIZ_ID)[0] ?? '';

export const DEMO_ACCOUNTS = {
  pro: {
    accountID: 'demo-pro',
    userID: FIXED.pro.userID,
    side: 'supply',
    firstName: 'Maya',
    lastName: 'Ortiz',
    email: 'maya.ortiz@example.com',
    phoneNumber: '+15125550147',
    businessIDs: [ORTIZ_ID, EVERGREEN_ID] as const,
    /** The lead with a 28-message thread (paging needs several requests). */
    longThreadNegotiationID: LONG_THREAD_ID,
    /** Business with 18 reviews (several pages at limit 10). */
    reviewedBusinessID: ORTIZ_ID,
    negotiationIDs: [...leadIDs(REFERENCE, ORTIZ_ID), ...leadIDs(REFERENCE, EVERGREEN_ID)],
  },
  customer: {
    accountID: 'demo-customer',
    userID: FIXED.customer.userID,
    side: 'demand',
    firstName: 'Priya',
    lastName: 'Shah',
    email: 'priya.shah@example.com',
    phoneNumber: '+15125550163',
    negotiationIDs: [...REFERENCE.negotiations.values()]
      .filter((n) => n.customerUserID === FIXED.customer.userID)
      .map((n) => n.negotiation.negotiationID),
  },
} as const satisfies { pro: DemoProAccount; customer: DemoCustomerAccount };

export function findAccount(accountID: string): UserRecord | undefined {
  return [...REFERENCE.users.values()].find((u) => u.accountID === accountID);
}
