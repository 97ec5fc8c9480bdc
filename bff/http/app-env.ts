import type { SessionData } from '../session/session-data.ts';

/** What middleware and handlers share on a request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The session as read once per request (see SessionService.current). */
    session: { session?: SessionData; ended: boolean };
    /** The proxy route's id, for the request log. */
    route: string;
    upstreamStatus: number;
  };
}
