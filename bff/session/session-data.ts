import { z } from 'zod';
import { base64url } from '../encoding.ts';

/**
 * What a signed-in person's session holds. It lives sealed in an httpOnly cookie: the browser carries
 * it but cannot read it. Times are Unix seconds. The id_token is checked at login and then dropped
 * (its claims are in `user`), which keeps the cookie small; see docs/decisions.
 */
export const SessionUserSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  picture: z.string().optional(),
  /** As Thumbtack gives it (id_token `phone_number`, or users/self `phoneNumber`). */
  phone: z.string().optional(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

export const SessionDataSchema = z.object({
  v: z.literal(1),
  /** A fresh random id per login: nothing from before login is carried over (session fixation). */
  sid: z.string().min(16),
  user: SessionUserSchema,
  side: z.enum(['supply', 'demand']),
  scopes: z.array(z.string()),
  accessToken: z.string().min(1),
  accessTokenExpiresAt: z.number().int(),
  refreshToken: z.string().min(1).optional(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
});
export type SessionData = z.infer<typeof SessionDataSchema>;

export function newSessionId(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}
