import { Agent } from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { getIronSession } from 'iron-session';
import { EXPRESS_SESSION_COOKIE } from './names.ts';

// Target (d) of the proxy benchmark: the usual Node answer to the BFF's job, for comparison. Express,
// a session cookie sealed by iron-session holding the access token, and http-proxy-middleware adding
// the bearer and dropping the upstream's Set-Cookie. App-token routes (the marketplace) need no
// session: they carry the app's own token, as the BFF's do. Like the BFF it asks for `X-CSRF: 1`.
//
//   PROXY_PORT, UPSTREAM (origin), SESSION_PASSWORD (>= 32 chars), APP_TOKEN

const APP_TOKEN_PATHS = ['/v4/keywords/search'];

const upstream = (process.env.UPSTREAM ?? '').replace(/\/+$/, '');
const password = process.env.SESSION_PASSWORD ?? '';
const appToken = process.env.APP_TOKEN ?? '';
if (!upstream || password.length < 32 || !appToken) {
  console.error('UPSTREAM, SESSION_PASSWORD (32+ characters) and APP_TOKEN are required');
  process.exit(1);
}

interface BenchSession {
  accessToken?: string;
}

declare module 'node:http' {
  interface IncomingMessage {
    bearer?: string;
  }
}

const error = (code: string, message: string) => ({ error: { code, message } });

const app = express();
app.disable('x-powered-by');
app.use('/api', async (req, res, next) => {
  if (req.get('x-csrf') !== '1') {
    res.status(403).json(error('csrf_rejected', 'X-CSRF: 1 is required'));
    return;
  }
  if (APP_TOKEN_PATHS.includes(req.path)) {
    req.bearer = appToken;
    next();
    return;
  }
  const session = await getIronSession<BenchSession>(req, res, {
    password,
    cookieName: EXPRESS_SESSION_COOKIE,
    cookieOptions: { secure: false, httpOnly: true, sameSite: 'strict' },
  });
  if (!session.accessToken) {
    res.status(401).json(error('not_authenticated', 'sign in first'));
    return;
  }
  req.bearer = session.accessToken;
  next();
});
app.use(
  '/api',
  createProxyMiddleware({
    // Mounted on /api, Express strips the prefix from req.url; the target puts it back.
    target: `${upstream}/api`,
    changeOrigin: true,
    // Without an agent http-proxy opens a new upstream connection per request (Connection: close);
    // reusing connections is how anyone would run it, and what the BFF does.
    agent: new Agent({ keepAlive: true }),
    on: {
      proxyReq(proxyReq, req) {
        proxyReq.removeHeader('cookie');
        proxyReq.setHeader('Authorization', `Bearer ${req.bearer ?? ''}`);
      },
      proxyRes(proxyRes) {
        delete proxyRes.headers['set-cookie'];
      },
    },
  }),
);

const server = app.listen(Number(process.env.PROXY_PORT ?? '0'), '127.0.0.1', () =>
  console.log('express + iron-session + http-proxy-middleware listening'),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
