import { revokeGrant } from '../state.ts';
import { requireUser } from './input.ts';
import type { ApiRoute } from './router.ts';

// /v4/users/self and disconnect. Disconnect's path is not published (thumbtack-api.md §9.2); the fake
// serves POST /v4/users/disconnect (docs/decisions/0xx-fake-api-gaps.md).

export const userRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/users/self',
    access: [{ kind: 'user', scopes: ['supply::users.read', 'demand::users.read'] }],
    handle(call) {
      const user = requireUser(call);
      return Response.json({
        userID: user.userID,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
      });
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
