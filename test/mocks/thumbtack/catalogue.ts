import { IMAGE_CDN_PREFIX } from './demo-images.ts';
import { createPrng } from './prng.ts';

// Service categories and their request-form questions. Category IDs for Handyman, House Cleaning,
// TV Mounting, Junk Removal and Kitchen Remodel are the ones Thumbtack's own docs print
// (docs/thumbtack/api.md#categories, docs/thumbtack/api.md#widgets); the others are made up in the same shape.

export interface CategoryQuestion {
  questionID: string;
  prompt: string;
  questionType: 'checkboxOption' | 'radioOption' | 'textBox';
  answers: { answerID: string; value: string }[];
}

export interface Category {
  categoryID: string;
  name: string;
  slug: string;
  imageURL: string;
  activeServices: number;
  requestFormID: string;
  questions: CategoryQuestion[];
  keywords: string[];
  /** Typical customer descriptions for generated requests. */
  descriptions: string[];
  estimate: { type: 'Fixed' | 'Hourly' | 'PerUnit' | 'OnSite'; unitName: string; low: number; high: number };
  homecare?: { taskID: string; title: string; description: string; tagline: string };
}

interface CategorySeed {
  categoryID: string;
  name: string;
  questions: [prompt: string, type: CategoryQuestion['questionType'], answers: string[]][];
  keywords: string[];
  descriptions: string[];
  estimate: Category['estimate'];
  homecare?: { title: string; description: string; tagline: string };
}

const SEEDS: CategorySeed[] = [
  {
    categoryID: '109125193401647362',
    name: 'Handyman',
    questions: [
      [
        'What kind of work would you like done?',
        'checkboxOption',
        ['Repairs', 'Installation', 'Drywall patching', 'Door and window fixes', 'Caulking and sealing'],
      ],
      ['How many rooms need work?', 'radioOption', ['1 room', '2 rooms', '3 or more rooms']],
      [
        'When do you need this done?',
        'radioOption',
        ['As soon as possible', 'Within a week', 'Flexible timing'],
      ],
    ],
    keywords: ['Handyman', 'Home Repair', 'Drywall Repair', 'Door Repair'],
    descriptions: [
      'A few small repairs around the house: a sticking door, two drywall dents and a loose towel bar.',
      'Need help patching drywall in the hallway and re-hanging a closet door.',
      'Looking for someone to caulk the bathtub and fix a leaky kitchen cabinet hinge.',
    ],
    estimate: { type: 'Hourly', unitName: 'hour', low: 65, high: 95 },
    homecare: {
      title: 'Seasonal home check-up',
      description: 'Tighten, patch and seal the small things before they become big ones.',
      tagline: 'Recommended every spring and fall',
    },
  },
  {
    categoryID: '152396937238036850',
    name: 'TV Mounting',
    questions: [
      [
        'What size is your TV?',
        'radioOption',
        ['Up to 40 inches', '41-59 inches', '60-75 inches', 'Over 75 inches'],
      ],
      ['What type of wall?', 'radioOption', ['Drywall', 'Brick', 'Plaster', 'Not sure']],
      ['Do you need the wires hidden?', 'radioOption', ['Yes, in the wall', 'Yes, with a cord cover', 'No']],
    ],
    keywords: ['TV Mounting', 'TV Wall Mount', 'Television Installation'],
    descriptions: [
      'Mount a 65 inch TV above the fireplace and hide the cables in the wall.',
      'Two TVs to mount, one in the bedroom and one in the living room. I have the brackets.',
    ],
    estimate: { type: 'Fixed', unitName: 'service', low: 120, high: 260 },
  },
  {
    categoryID: '194352871026733915',
    name: 'Furniture Assembly',
    questions: [
      [
        'What needs assembling?',
        'checkboxOption',
        ['Bed frame', 'Dresser', 'Bookshelf', 'Desk', 'Outdoor furniture'],
      ],
      ['How many items?', 'radioOption', ['1 item', '2-3 items', '4 or more items']],
    ],
    keywords: ['Furniture Assembly', 'IKEA Assembly', 'Desk Assembly'],
    descriptions: [
      'Assemble a king bed frame and two nightstands, all flat-pack.',
      'Need a standing desk and a large bookshelf put together and anchored to the wall.',
    ],
    estimate: { type: 'Hourly', unitName: 'hour', low: 55, high: 80 },
  },
  {
    categoryID: '283914410527306548',
    name: 'Landscaping',
    questions: [
      [
        'What kind of landscaping work?',
        'checkboxOption',
        ['Garden design', 'Planting', 'Mulching', 'Irrigation repair', 'Stone edging'],
      ],
      ['How large is the area?', 'radioOption', ['Under 500 sq ft', '500-2,000 sq ft', 'Over 2,000 sq ft']],
      ['Is this for a residential or commercial property?', 'radioOption', ['Residential', 'Commercial']],
    ],
    keywords: ['Landscaping', 'Garden Design', 'Xeriscaping', 'Mulching'],
    descriptions: [
      'Want to replace the front lawn with drought-tolerant native plants and a stone path.',
      'Backyard beds need new mulch, edging and a few shrubs replaced.',
      'Looking for a garden design for a small side yard, mostly shade.',
    ],
    estimate: { type: 'OnSite', unitName: 'project', low: 400, high: 2400 },
    homecare: {
      title: 'Spring garden refresh',
      description: 'Fresh mulch, pruning and planting before the summer heat.',
      tagline: 'Best booked in March and April',
    },
  },
  {
    categoryID: '248103567912841220',
    name: 'Lawn Mowing and Trimming',
    questions: [
      [
        'How often do you need mowing?',
        'radioOption',
        ['One time', 'Every week', 'Every other week', 'Monthly'],
      ],
      [
        'How large is your lawn?',
        'radioOption',
        ['Small (under 1/4 acre)', 'Medium (1/4 - 1/2 acre)', 'Large (over 1/2 acre)'],
      ],
    ],
    keywords: ['Lawn Mowing', 'Lawn Care', 'Yard Trimming', 'Grass Cutting'],
    descriptions: [
      'Weekly mowing and edging for a quarter-acre lot, front and back.',
      'One-time cleanup: overgrown grass, hedges trimmed, clippings hauled away.',
    ],
    estimate: { type: 'PerUnit', unitName: 'visit', low: 45, high: 90 },
  },
  {
    categoryID: '219264413294461288',
    name: 'House Cleaning',
    questions: [
      ['How many bedrooms?', 'radioOption', ['1 bedroom', '2 bedrooms', '3 bedrooms', '4 or more bedrooms']],
      [
        'Frequency of services',
        'radioOption',
        ['One time only', 'Every week', 'Every other week', 'Once a month'],
      ],
      ['Any extras?', 'checkboxOption', ['Inside the fridge', 'Inside the oven', 'Windows', 'Laundry']],
    ],
    keywords: ['House Cleaning', 'Maid Service', 'Deep Cleaning', 'Move Out Cleaning'],
    descriptions: [
      'Deep clean of a 3 bedroom house before family visits, including inside the oven.',
      'Looking for a regular every-other-week cleaning for a two bedroom apartment.',
    ],
    estimate: { type: 'Fixed', unitName: 'cleaning', low: 120, high: 320 },
    homecare: {
      title: 'Deep clean',
      description: 'Baseboards, appliances and all the corners a weekly clean skips.',
      tagline: 'Twice a year keeps the dust down',
    },
  },
  {
    categoryID: '150848602323501530',
    name: 'Junk Removal',
    questions: [
      [
        'What needs to be removed?',
        'checkboxOption',
        ['Furniture', 'Appliances', 'Yard waste', 'Construction debris', 'General household junk'],
      ],
      [
        'How much junk is there?',
        'radioOption',
        ['A few items', 'Quarter truck', 'Half truck', 'Full truck'],
      ],
    ],
    keywords: ['Junk Removal', 'Furniture Removal', 'Appliance Removal'],
    descriptions: [
      'Need a sectional and two mattresses gone.',
      'Garage cleanout, about half a truck of old boxes and a broken treadmill.',
    ],
    estimate: { type: 'Fixed', unitName: 'service', low: 150, high: 450 },
  },
  {
    categoryID: '226731908654472311',
    name: 'Plumbing',
    questions: [
      [
        'What do you need help with?',
        'checkboxOption',
        ['Leak repair', 'Clogged drain', 'Water heater', 'Toilet repair', 'Faucet installation'],
      ],
      ['Is this an emergency?', 'radioOption', ['Yes', 'No']],
    ],
    keywords: ['Plumbing', 'Plumber', 'Water Heater Repair', 'Drain Cleaning'],
    descriptions: [
      'The kitchen sink drains very slowly and gurgles.',
      'Water heater is 12 years old and leaking at the base.',
    ],
    estimate: { type: 'Hourly', unitName: 'hour', low: 90, high: 140 },
  },
  {
    categoryID: '271845093316657702',
    name: 'Interior Painting',
    questions: [
      ['How many rooms need painting?', 'radioOption', ['1 room', '2-3 rooms', '4 or more rooms']],
      ['What needs painting?', 'checkboxOption', ['Walls', 'Ceilings', 'Trim', 'Doors', 'Cabinets']],
    ],
    keywords: ['Interior Painting', 'House Painting', 'Cabinet Painting'],
    descriptions: ['Paint the living room and hallway, walls and trim, light color change.'],
    estimate: { type: 'OnSite', unitName: 'project', low: 600, high: 2200 },
  },
  {
    categoryID: '201565295100608806',
    name: 'Kitchen Remodel',
    questions: [
      [
        'Project scope',
        'radioOption',
        ['Full kitchen renovation', 'Cabinets and countertops only', 'Layout change'],
      ],
      ['What is your budget?', 'radioOption', ['Under $15,000', '$15,000 - $40,000', 'Over $40,000']],
    ],
    keywords: ['Kitchen Remodel', 'Kitchen Renovation', 'Countertop Installation'],
    descriptions: ['Full kitchen renovation in a 1990s house: new cabinets, quartz counters and an island.'],
    estimate: { type: 'OnSite', unitName: 'project', low: 15000, high: 45000 },
  },
];

function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function buildCategories(): Category[] {
  return SEEDS.map((seed, index) => {
    // One generator per category keeps question IDs stable even if categories are added later.
    const prng = createPrng(0x5eed0000 + index);
    const category: Category = {
      categoryID: seed.categoryID,
      name: seed.name,
      slug: slugify(seed.name),
      imageURL: `${IMAGE_CDN_PREFIX}/${prng.id()}/desktop/standard/fullscreen`,
      activeServices: prng.int(24, 180),
      requestFormID: prng.id(),
      questions: seed.questions.map(([prompt, questionType, answers]) => ({
        questionID: prng.id(),
        prompt,
        questionType,
        answers: answers.map((value) => ({ answerID: prng.id(), value })),
      })),
      keywords: seed.keywords,
      descriptions: seed.descriptions,
      estimate: seed.estimate,
    };
    if (seed.homecare) category.homecare = { taskID: prng.id(), ...seed.homecare };
    return category;
  });
}

export const CATEGORIES: readonly Category[] = buildCategories();

export function findCategory(categoryID: string): Category | undefined {
  return CATEGORIES.find((c) => c.categoryID === categoryID);
}

export function requireCategory(name: string): Category {
  const category = CATEGORIES.find((c) => c.name === name);
  if (!category) throw new Error(`unknown category ${name}`);
  return category;
}

/** Keyword IDs are derived once so autocomplete results are stable. */
export const KEYWORDS: readonly { keywordID: string; name: string; categoryID: string }[] = (() => {
  const prng = createPrng(0x6b657973);
  return CATEGORIES.flatMap((c) =>
    c.keywords.map((name) => ({ keywordID: prng.id(), name, categoryID: c.categoryID })),
  );
})();
