/** What middleware and handlers share on a request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The proxy route's id, for the request log. */
    route: string;
    upstreamStatus: number;
  };
}
