import { Hono } from 'hono';
import { AppError, invalidRequest } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import type { Log } from '../http/logger.ts';
import { type ClientIp, type Limiter, rateLimit } from '../http/rate-limit.ts';
import { readBodyText } from '../http/read-body.ts';
import { label } from '../http/route-label.ts';
import type { Metrics } from '../http/telemetry.ts';
import { readDelivery } from './live-events.ts';
import type { LiveHub } from './live-hub.ts';
import type { WebhookAuthority } from './webhook-credentials.ts';

/** Larger deliveries are refused: a lead with its request and attachments is a few kilobytes. */
export const MAX_DELIVERY_BYTES = 64 * 1024;

export interface WebhookDeps {
  authority: WebhookAuthority;
  hub: LiveHub;
  limiter: Limiter;
  clientIp: ClientIp;
  log: Log;
  metrics: Metrics;
}

/**
 * `POST /webhooks/thumbtack`: Thumbtack's deliveries (docs/live-updates.md). Server to server: no
 * session, no X-CSRF; HTTP Basic credentials derived per business instead. Order matters: the cheap
 * refusals (rate, size, credentials) come before the body is even read.
 */
export function webhookRoutes(deps: WebhookDeps) {
  const app = new Hono<AppEnv>();
  app.post(
    '/thumbtack',
    label('webhooks.thumbtack'),
    rateLimit(deps.limiter, 'webhook', deps.clientIp, deps.metrics),
    async (c) => {
      const outcome = (name: string) =>
        deps.metrics.count('console_webhook_deliveries_total', { outcome: name });
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_DELIVERY_BYTES) {
        outcome('too_large');
        throw tooLarge();
      }
      const businessID = await deps.authority.authenticate(c.req.header('authorization'));
      if (!businessID) {
        outcome('unauthorized');
        c.header('WWW-Authenticate', 'Basic realm="thumbtack-webhooks"');
        throw new AppError('invalid_credentials', 401, 'These webhook credentials are not valid.');
      }
      let raw: string | undefined;
      try {
        raw = await readBodyText(c.req.raw, MAX_DELIVERY_BYTES, 'delivery');
      } catch (error) {
        outcome('invalid');
        throw error;
      }
      if (raw === undefined) {
        outcome('too_large');
        throw tooLarge();
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        outcome('invalid');
        throw invalidRequest('The delivery is not JSON.');
      }
      const delivery = readDelivery(body, businessID);
      const requestId = c.get('requestId');
      if (delivery.kind === 'invalid') {
        outcome('invalid');
        throw invalidRequest(`The delivery is not valid: ${delivery.why}.`);
      }
      if (delivery.kind === 'foreign') {
        outcome('foreign');
        c.header('WWW-Authenticate', 'Basic realm="thumbtack-webhooks"');
        throw new AppError('invalid_credentials', 401, "These credentials are not this event's business's.");
      }
      if (delivery.kind === 'ignored') {
        outcome('ignored');
        deps.log({
          level: 'info',
          msg: 'webhook ignored',
          requestId,
          businessID,
          eventType: delivery.eventType,
        });
        return c.body(null, 204);
      }
      const first = await deps.hub.firstDelivery(`${businessID}:${delivery.identity}`);
      if (first) await deps.hub.publish(delivery.event);
      outcome(first ? 'delivered' : 'duplicate');
      deps.log({
        level: 'info',
        msg: first ? 'webhook delivered' : 'webhook duplicate',
        requestId,
        businessID,
        type: delivery.event.type,
      });
      return c.body(null, 204);
    },
  );
  return app;
}

function tooLarge() {
  return new AppError('payload_too_large', 413, `A delivery is at most ${MAX_DELIVERY_BYTES} bytes.`);
}
