// What the marketplace keeps in sessionStorage: request-form answers saved across a sign-in trip and
// the conversations opened in this tab. Answers and ids only — never anything token-like.

const ANSWERS_PREFIX = 'tt-console:answers:';
const CONVERSATIONS_KEY = 'tt-console:conversations';

export type SavedAnswers = Record<string, string | string[]>;

export type KnownConversation = { negotiationID: string; businessName: string; categoryName?: string };

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage can be disabled by the browser; the features that use it then simply do less.
    return undefined;
  }
}

export function saveAnswers(formPath: string, answers: SavedAnswers): void {
  storage()?.setItem(ANSWERS_PREFIX + formPath, JSON.stringify(answers));
}

/**
 * The answers saved for this form, left in place: reading has no side effect, because React may render
 * a component and throw the render away (a sibling suspended), then render it again. The form forgets
 * them once it is on screen (`forgetAnswers`, from an effect), so they are restored once.
 */
export function peekAnswers(formPath: string): SavedAnswers | undefined {
  const raw = storage()?.getItem(ANSWERS_PREFIX + formPath);
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const answers: SavedAnswers = {};
    for (const [key, answer] of Object.entries(value)) {
      if (typeof answer === 'string') answers[key] = answer;
      else if (Array.isArray(answer)) answers[key] = answer.filter((item) => typeof item === 'string');
    }
    return answers;
  } catch {
    return undefined;
  }
}

export function forgetAnswers(formPath: string): void {
  storage()?.removeItem(ANSWERS_PREFIX + formPath);
}

export function listConversations(): KnownConversation[] {
  const raw = storage()?.getItem(CONVERSATIONS_KEY);
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value)
      ? (value as KnownConversation[]).filter((item) => typeof item?.negotiationID === 'string')
      : [];
  } catch {
    return [];
  }
}

export function rememberConversations(conversations: KnownConversation[]): void {
  const known = new Map(listConversations().map((item) => [item.negotiationID, item]));
  for (const conversation of conversations) known.set(conversation.negotiationID, conversation);
  storage()?.setItem(CONVERSATIONS_KEY, JSON.stringify([...known.values()]));
}

/** On sign-out nothing of this person's stays behind in the tab. */
export function forgetBrowserData(): void {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let index = 0; index < store.length; index += 1) {
    const key = store.key(index);
    if (key?.startsWith('tt-console:')) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

export type ChosenPro = { businessID: string; businessName: string };

const CHOSEN_PREFIX = 'tt-console:chosen:';

/** The pros picked from one search, so the request form can name who the request goes to. */
export function saveChosenPros(searchID: string, pros: ChosenPro[]): void {
  storage()?.setItem(CHOSEN_PREFIX + searchID, JSON.stringify(pros));
}

export function readChosenPros(searchID: string): ChosenPro[] {
  const raw = storage()?.getItem(CHOSEN_PREFIX + searchID);
  if (!raw) return [];
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value)
      ? (value as ChosenPro[]).filter(
          (pro) => typeof pro?.businessID === 'string' && typeof pro.businessName === 'string',
        )
      : [];
  } catch {
    return [];
  }
}
