/**
 * Sessions this process has ended (logout, disconnect, a grant Thumbtack no longer honours), kept
 * until they would have expired anyway. With the cookie store a session is only its cookie, and a copy
 * taken before logout would otherwise still open: checking this list makes /auth/session and the
 * proxy refuse the copy alike, here. It is per process and forgotten on restart; the Redis store is
 * what ends copies everywhere (README, "The session model").
 */
export class EndedSessions {
  /** Session id -> Unix seconds after which the session would be dead anyway. */
  private readonly until = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  add(sid: string, untilSeconds: number, nowSeconds: number): void {
    if (untilSeconds <= nowSeconds) return;
    this.until.delete(sid);
    this.until.set(sid, untilSeconds);
    if (this.until.size > this.capacity) this.prune(nowSeconds);
  }

  has(sid: string, nowSeconds: number): boolean {
    const until = this.until.get(sid);
    if (until === undefined) return false;
    if (until > nowSeconds) return true;
    this.until.delete(sid);
    return false;
  }

  get size(): number {
    return this.until.size;
  }

  /** Drops expired entries, then the oldest additions while still over capacity (a bound on memory). */
  private prune(nowSeconds: number): void {
    for (const [sid, until] of this.until) if (until <= nowSeconds) this.until.delete(sid);
    for (const sid of this.until.keys()) {
      if (this.until.size <= this.capacity) break;
      this.until.delete(sid);
    }
  }
}
