/** What middleware and handlers share on a request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The proxy route's id, for the request log. */
    route: string;
    upstreamStatus: number;
    /** The handler built its response's headers in full (security-headers.ts): nothing to add. */
    headersDone: boolean;
    /** Headers were set on the context (cookies): a response must be built with c.body to carry them. */
    headersPending: boolean;
  };
}
