import { Redis } from 'ioredis';
import type { SessionRedisClient } from '../session/redis-client.ts';

/**
 * The Redis client for the Node entry (Node only: app.ts never imports this file). Tuned so an outage
 * answers fast instead of queueing: no offline queue (a command while disconnected fails at once and
 * the request gets a 503), one retry per command, a command timeout, and reconnection with a capped
 * backoff so the app recovers by itself when Redis is back. `rediss://` URLs use TLS.
 */
export interface IoRedisOptions {
  commandTimeoutMs?: number;
  /** Called on connection errors (ioredis would otherwise print them itself). Never given the URL. */
  onError?: (error: Error) => void;
}

export function createRedisClient(url: string, options: IoRedisOptions = {}): Redis & SessionRedisClient {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  });
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/** Resolves once the client can take commands, or rejects after `timeoutMs`. */
export function redisReady(client: Redis, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis did not become ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/** Closes the connection politely (QUIT), or drops it if Redis does not answer. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
