/**
 * Fault injection shared by every fake. Tests switch faults on per route; each request gets one
 * `FaultPlan` decided up front, so a run with a fixed `seed` is reproducible.
 */

export interface FaultRule {
  /**
   * Which requests the rule applies to: a string matches when `"METHOD /path"` starts with it
   * (`"POST /api/v1/iga/grants"`, or just `"/access_grants/"` to match any method), a RegExp is
   * tested against `"METHOD /path"`. Default: every route.
   */
  route?: string | RegExp;
  /** Fixed delay before the request is handled, in ms. Default 0. */
  latencyMs?: number;
  /** Probability (0..1) of answering `errorStatus` without processing the request. Default 0. */
  errorRate?: number;
  /** Status for `errorRate` (default 503). */
  errorStatus?: number;
  /** Probability of answering 429 with `Retry-After: retryAfterSeconds`, without processing. Default 0. */
  rateLimitedRate?: number;
  /** Retry-After for injected 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Probability of processing the request (the write happens) and then destroying the socket. Default 0. */
  resetAfterProcessingRate?: number;
  /** Probability of processing the request, sending headers and half a body, and never finishing. Default 0. */
  stallBodyRate?: number;
  /** Probability of never answering at all, without processing (a hung upstream). Default 0. */
  hangRate?: number;
  /** Apply only to the next `times` matching requests, then drop the rule. Default: no limit. */
  times?: number;
}

export type FaultAction = 'none' | 'error' | 'rate_limited' | 'reset_after_processing' | 'stall_body' | 'hang';

export interface FaultPlan {
  latencyMs: number;
  action: FaultAction;
  errorStatus: number;
  retryAfterSeconds: number;
}

export interface FaultCounters {
  requests: number;
  errors: number;
  rateLimited: number;
  resets: number;
  stalls: number;
  hangs: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  private random: () => number;
  private rps: { limit: number; retryAfterSeconds: number } | undefined;
  private window: number[] = [];
  readonly counters: FaultCounters = { requests: 0, errors: 0, rateLimited: 0, resets: 0, stalls: 0, hangs: 0 };

  constructor(seed?: number) {
    this.random = seed === undefined ? Math.random : seededRandom(seed);
  }

  /** Adds a rule; rules are checked in the order added and the first action that fires wins. */
  add(rule: FaultRule): this {
    this.rules.push({ ...rule });
    return this;
  }

  /** Removes every rule and the rate limit. Counters keep counting. */
  clear(): this {
    this.rules = [];
    this.rps = undefined;
    this.window = [];
    return this;
  }

  /** Reseeds the random source so a fault run can be repeated exactly. */
  seed(seed: number): this {
    this.random = seededRandom(seed);
    return this;
  }

  /**
   * A server-wide limit of `limit` requests per rolling second; requests beyond it get a 429 with
   * `Retry-After` (whole seconds, default 1), as a provider's rate limiter would.
   */
  rateLimit(limit: number, { retryAfterSeconds = 1 }: { retryAfterSeconds?: number } = {}): this {
    this.rps = { limit, retryAfterSeconds };
    return this;
  }

  /** Decides what happens to one request. Called once per request by the fake server. */
  plan(method: string, path: string, now: number = Date.now()): FaultPlan {
    this.counters.requests++;
    const key = `${method.toUpperCase()} ${path}`;
    const plan: FaultPlan = { latencyMs: 0, action: 'none', errorStatus: 503, retryAfterSeconds: 1 };
    if (this.rps) {
      this.window = this.window.filter((t) => t > now - 1000);
      if (this.window.length >= this.rps.limit) {
        this.counters.rateLimited++;
        return { ...plan, action: 'rate_limited', retryAfterSeconds: this.rps.retryAfterSeconds };
      }
      this.window.push(now);
    }
    for (const rule of [...this.rules]) {
      if (!matches(rule.route, key, path)) continue;
      if (rule.times !== undefined) {
        rule.times--;
        if (rule.times <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
      }
      plan.latencyMs += rule.latencyMs ?? 0;
      if (plan.action !== 'none') continue;
      const draws: Array<[number | undefined, FaultAction]> = [
        [rule.errorRate, 'error'],
        [rule.rateLimitedRate, 'rate_limited'],
        [rule.hangRate, 'hang'],
        [rule.resetAfterProcessingRate, 'reset_after_processing'],
        [rule.stallBodyRate, 'stall_body'],
      ];
      for (const [rate, action] of draws) {
        if (rate && this.random() < rate) {
          plan.action = action;
          plan.errorStatus = rule.errorStatus ?? 503;
          plan.retryAfterSeconds = rule.retryAfterSeconds ?? 1;
          break;
        }
      }
    }
    const counterFor: Record<FaultAction, keyof FaultCounters | undefined> = {
      none: undefined,
      error: 'errors',
      rate_limited: 'rateLimited',
      reset_after_processing: 'resets',
      stall_body: 'stalls',
      hang: 'hangs',
    };
    const counter = counterFor[plan.action];
    if (counter) this.counters[counter]++;
    return plan;
  }
}

function matches(route: FaultRule['route'], key: string, path: string): boolean {
  if (route === undefined) return true;
  if (route instanceof RegExp) return route.test(key);
  return key.startsWith(route) || path.startsWith(route);
}

/**
 * A small seeded PRNG (mulberry32) returning numbers in [0, 1): fault runs, chaos runs and fuzzers
 * use it so that a failing run can be replayed from its seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
