// What each Thumbtack scope lets the console do, in the words people use. Shown on the account
// screen and in "your connection does not allow …" explanations.
const SCOPE_WORDS: Record<string, string> = {
  'supply::businesses.list': 'see your businesses',
  'supply::negotiations.read': 'read your leads',
  'supply::negotiations.write': 'update the status of your jobs',
  'supply::messages.read': 'read messages with customers',
  'supply::messages.write': 'send messages to customers',
  'supply::webhooks.read': 'see your webhooks',
  'supply::webhooks.write': 'create and change webhooks',
  'supply::users.read': 'read your Thumbtack profile',
  'supply::users.disconnect': 'disconnect this console from Thumbtack',
  'supply::businesses/associate-phone-numbers.read': 'see the phone numbers linked to your businesses',
  'supply::businesses/associate-phone-numbers.write': 'link and change phone numbers',
  'demand::requests.write': 'send requests to pros for you',
  'demand::users.read': 'read your Thumbtack profile',
  'demand::webhooks.read': 'see your webhooks',
  'demand::webhooks.write': 'create and change webhooks',
  'demand::negotiations.read': 'see the pros you contacted',
  'demand::messages.read': 'read messages with pros',
  'demand::messages.write': 'send messages to pros',
  'demand::users.disconnect': 'disconnect this console from Thumbtack',
  offline_access: 'stay connected while you are away',
  openid: 'confirm who you are',
  profile: 'see your name and picture',
  email: 'see your email address',
  phone: 'see your phone number',
};

export function describeScope(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}
