import { revokeGrant } from '../state.ts';
import type { UserSelfV4 } from '../types.ts';
import { requireUser } from './input.ts';
import type { ApiRoute } from './router.ts';

// /v4/users/self and disconnect. Disconnect's path is not published (docs/thumbtack/gaps.md#disconnect); the fake
// serves POST /v4/users/disconnect. users/self adds the phone number Thumbtack's example does not
// show (docs/decisions/042-fake-api-gaps.md).

export const userRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/users/self',
    access: [{ kind: 'user', scopes: ['supply::users.read', 'demand::users.read'] }],
    handle(call) {
      const user = requireUser(call);
      const body: UserSelfV4 = {
        userID: user.userID,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        // Spelled as on Thumbtack's other objects (businesses, leads); omitted when there is none.
        ...(user.phoneNumber ? { phoneNumber: user.phoneNumber } : {}),
      };
      return Response.json(body);
    },
  },
  {
    method: 'POST',
    path: '/users/disconnect',
    access: [{ kind: 'user', scopes: ['supply::users.disconnect', 'demand::users.disconnect'] }],
    handle(call) {
      const user = requireUser(call);
      const { state } = call.ctx;
      // "Disconnect the user and revoke tokens": every grant of this (client, user), and the client's
      // webhooks for that user and their businesses.
      for (const grant of state.grants.values()) {
        if (grant.clientID === call.client.id && grant.userID === user.userID)
          revokeGrant(state, grant.grantID);
      }
      for (const [id, webhook] of state.world.webhooks) {
        if (webhook.clientID !== call.client.id) continue;
        const owner = webhook.owner;
        const mine =
          owner.kind === 'user'
            ? owner.userID === user.userID
            : state.world.businesses.get(owner.businessID)?.ownerUserID === user.userID;
        if (mine) state.world.webhooks.delete(id);
      }
      return new Response(null, { status: 204 });
    },
  },
];
