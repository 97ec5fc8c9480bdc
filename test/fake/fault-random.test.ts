import { describe, expect, it } from 'vitest';
import { api, appToken, login, startFake } from './fake-harness.ts';

// Fault rates and status lists draw from a settable random source (createFakeThumbtack's
// `faultRandom`), so a test can say exactly which request a rule hits. Here it is a script of draws.

const draws: number[] = [];
const fake = startFake({
  faultRandom: () => {
    const next = draws.shift();
    if (next === undefined) throw new Error('the fake drew more numbers than the test scripted');
    return next;
  },
});

async function statuses(token: string, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push((await api(token, '/users/self')).status);
  return out;
}

describe('fault rules with a scripted random source', () => {
  it('fires a rule when the draw is below its rate', async () => {
    const token = (await login()).access_token;
    fake.control.setFaults({ api: { status: 503, rate: 0.1 } });
    draws.push(0.05, 0.5, 0.0999, 0.1);
    expect(await statuses(token, 4)).toEqual([503, 200, 503, 200]);
    expect(draws).toEqual([]);
  });

  it('draws once more per hit to pick from a status list, none for a single status', async () => {
    const token = (await login()).access_token;
    fake.control.setFaults({ api: { status: [500, 502, 503] } });
    draws.push(0, 0.4, 0.99);
    expect(await statuses(token, 3)).toEqual([500, 502, 503]);
    fake.control.setFaults({ api: { status: 504, times: 1 } });
    expect(await statuses(token, 2)).toEqual([504, 200]);
    expect(draws).toEqual([]);
  });

  it('tries listed rules in order: a miss of the first lets the second decide', async () => {
    const token = (await login()).access_token;
    fake.control.setFaults({
      api: [
        { status: [500, 503], rate: 0.1 },
        { status: 429, rate: 0.01 },
      ],
    });
    // Request 1: first rule hits (0.05), status pick 0.9 -> 503. Request 2: first misses (0.5),
    // second hits (0.005). Request 3: both miss.
    draws.push(0.05, 0.9, 0.5, 0.005, 0.5, 0.5);
    expect(await statuses(token, 3)).toEqual([503, 429, 200]);
    expect(draws).toEqual([]);
  });

  it('applies to the token endpoint the same way', async () => {
    const app = await appToken();
    expect(app.length).toBeGreaterThan(0);
    fake.control.setFaults({ token: { status: 503, rate: 0.2 } });
    draws.push(0.1, 0.3);
    await expect(appToken()).rejects.toThrow(/client credentials failed/);
    expect(await appToken()).toEqual(expect.any(String));
    expect(fake.control.stats().token.client_credentials).toBe(3);
  });
});
