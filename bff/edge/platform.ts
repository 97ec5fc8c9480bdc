/**
 * The few Cloudflare Workers platform interfaces the console uses, written out here so bff/ needs no
 * platform type package: Durable Object state, storage and stubs.
 */
export interface DurableObjectStorage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

export interface DurableObjectState {
  readonly storage: DurableObjectStorage;
}

export interface DurableObjectStub {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

export function isNamespace(value: unknown): value is DurableObjectNamespace {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DurableObjectNamespace).idFromName === 'function' &&
    typeof (value as DurableObjectNamespace).get === 'function'
  );
}

/**
 * One operation on a Durable Object, as JSON over its fetch (the platform's stub.fetch; no RPC, so the
 * classes need no platform base class). The object answers 200 with a JSON result.
 */
export async function callObject<T>(
  namespace: DurableObjectNamespace,
  name: string,
  operation: string,
  body: unknown = {},
): Promise<T> {
  const stub = namespace.get(namespace.idFromName(name));
  const response = await stub.fetch(`https://durable-object/${operation}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`durable object ${operation} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Reads an operation and its JSON body inside a Durable Object's fetch. */
export async function readOperation(
  request: Request,
): Promise<{ operation: string; body: Record<string, unknown> }> {
  const operation = new URL(request.url).pathname.slice(1);
  const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
  return { operation, body };
}

/**
 * What the worker entry tells its Durable Objects about the runtime: the configuration's environment
 * (bindings) and how to reach Thumbtack (mocked-network mode routes the fake's URLs in-process). A
 * Durable Object runs in the worker's script, so a module-level registry reaches it.
 */
export const edgeRuntime: {
  fetch:
    | ((env: Record<string, unknown>) => ((request: Request) => Promise<Response>) | undefined)
    | undefined;
} = {
  fetch: undefined,
};

/** A Workers Analytics Engine dataset binding: points written now, summed later with SQL. */
export interface AnalyticsEngineDataset {
  writeDataPoint(point: { indexes?: string[]; blobs?: string[]; doubles?: number[] }): void;
}

export function isDataset(value: unknown): value is AnalyticsEngineDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AnalyticsEngineDataset).writeDataPoint === 'function'
  );
}
