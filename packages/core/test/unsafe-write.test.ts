import { describe, expect, it } from 'vitest';
import { AbortError, ConflictError, NetworkError, ProviderError, RateLimitedError, TimeoutError, ValidationError, runUnsafeWrite } from '../src/index.js';

const reliability = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1000 };

function script(failures: unknown[]) {
  let sends = 0;
  return {
    sends: () => sends,
    send: async () => {
      const failure = failures[sends++];
      if (failure) throw failure;
      return 'made';
    },
  };
}

describe('runUnsafeWrite', () => {
  it('returns the first answer without a lookup', async () => {
    const s = script([]);
    expect(await runUnsafeWrite({ send: s.send, lookup: async () => 'found', reliability })).toEqual({ value: 'made', outcome: 'sent' });
  });

  it('after a lost reply, returns what lookup finds and never sends again', async () => {
    const s = script([new TimeoutError('t')]);
    expect(await runUnsafeWrite({ send: s.send, lookup: async () => 'found', reliability })).toEqual({ value: 'found', outcome: 'recovered' });
    expect(s.sends()).toBe(1);
  });

  it('resends after a 5xx only when lookup shows nothing landed', async () => {
    const s = script([new ProviderError('p', { upstreamStatus: 503 })]);
    expect(await runUnsafeWrite({ send: s.send, lookup: async () => null, reliability })).toEqual({ value: 'made', outcome: 'sent' });
    expect(s.sends()).toBe(2);
  });

  it('resends a write whose connection never opened, and after a 429', async () => {
    const s = script([new NetworkError('refused', { outcomeUnknown: false }), new RateLimitedError('slow', { retryAfterMs: 5 })]);
    let lookups = 0;
    const result = await runUnsafeWrite({ send: s.send, lookup: async () => (lookups++, null), reliability });
    expect(result.outcome).toBe('sent');
    expect(s.sends()).toBe(3);
    expect(lookups).toBe(0);
  });

  it('answers a refusal with lookup, and rethrows it when lookup finds nothing', async () => {
    const isRefusal = (e: unknown) => e instanceof ConflictError;
    expect(await runUnsafeWrite({ send: script([new ConflictError('dup')]).send, lookup: async () => 'there', isRefusal, reliability })).toEqual({ value: 'there', outcome: 'already_done' });
    await expect(runUnsafeWrite({ send: script([new ConflictError('dup')]).send, lookup: async () => null, isRefusal, reliability })).rejects.toBeInstanceOf(ConflictError);
  });

  it('never resends a plain refusal such as a 400', async () => {
    const s = script([new ValidationError('bad')]);
    await expect(runUnsafeWrite({ send: s.send, lookup: async () => null, reliability })).rejects.toBeInstanceOf(ValidationError);
    expect(s.sends()).toBe(1);
  });

  it('throws the original error when the lookup fails too (the outcome stays unknown)', async () => {
    const original = new TimeoutError('t');
    const error = await runUnsafeWrite({ send: script([original]).send, lookup: async () => Promise.reject(new ProviderError('down')), reliability }).catch((e: unknown) => e);
    expect(error).toBe(original);
  });

  it('stops after maxRetries and on abort', async () => {
    const s = script([new NetworkError('n'), new NetworkError('n'), new NetworkError('n'), new NetworkError('n'), new NetworkError('n')]);
    await expect(runUnsafeWrite({ send: s.send, lookup: async () => null, reliability })).rejects.toBeInstanceOf(NetworkError);
    expect(s.sends()).toBe(4);
    await expect(runUnsafeWrite({ send: script([new AbortError()]).send, lookup: async () => 'x', reliability })).rejects.toBeInstanceOf(AbortError);
  });
});
