/** The cookie the Express comparison (express-proxy.ts) keeps its iron-session in; the bench seals it. */
export const EXPRESS_SESSION_COOKIE = 'bench-session';
