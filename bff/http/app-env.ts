import type { Span } from '@opentelemetry/api';

/** What middleware and handlers share on a request's context. */
export interface AppEnv {
  Variables: {
    /** The request's trace span, when tracing is on (http/telemetry.ts). */
    span: Span | undefined;
    requestId: string;
    /**
     * The route's id, for the request log, metrics and traces: a proxy row's id (`supply.businesses.list`)
     * or a fixed name (`auth.callback`). Never a raw path.
     */
    route: string;
    upstreamStatus: number;
    /** The handler built its response's headers in full (security-headers.ts): nothing to add. */
    headersDone: boolean;
    /** Headers were set on the context (cookies): a response must be built with c.body to carry them. */
    headersPending: boolean;
  };
}
