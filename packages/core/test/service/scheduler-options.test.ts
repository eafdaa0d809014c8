/**
 * Scheduler settings are checked when the Grantkit is created and when `startScheduler(options)`
 * overrides them: a value that would stall the scheduler or spin it is a ConfigError naming the
 * field, never a timer that silently misbehaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ATOMICWORK_SEED_IDS } from '@grantkit/testing';
import { ConfigError, createGrantkit, type Grantkit, type SchedulerOptions } from '../../src/index.js';

const providers = { atomicwork: { baseUrl: 'http://127.0.0.1:9', apiKey: 'aw_fake_options', workspaceId: ATOMICWORK_SEED_IDS.workspaceId } };
let made: Grantkit | undefined;
afterEach(async () => {
  await made?.close();
  made = undefined;
});

const bad: Array<[string, unknown]> = [
  ['intervalMs', 0],
  ['intervalMs', 5],
  ['intervalMs', 2 ** 31],
  ['pollMs', -1],
  ['pollMs', 1.5],
  ['batchSize', 0],
  ['batchSize', '100'],
  ['concurrency', 0],
  ['concurrency', Number.NaN],
  ['driftChecks', -1],
  ['driftIntervalMs', Infinity],
];

describe('scheduler options', () => {
  it.each(bad)('createGrantkit refuses scheduler.%s = %s with a ConfigError naming it', (field, value) => {
    const attempt = () => createGrantkit({ providers, scheduler: { [field]: value } as SchedulerOptions });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`scheduler.${field} must be a whole number`);
  });

  it.each(bad)('startScheduler refuses %s = %s and starts nothing', (field, value) => {
    made = createGrantkit({ providers });
    expect(() => made!.startScheduler({ [field]: value } as SchedulerOptions)).toThrow(`startScheduler.${field}`);
    // Nothing was started: a valid call afterwards starts it.
    expect(() => made!.startScheduler({ pollMs: 0 })).not.toThrow();
  });

  it('refuses a scheduler option that is not an object', () => {
    expect(() => createGrantkit({ providers, scheduler: null as unknown as SchedulerOptions })).toThrow('scheduler options must be an object');
  });

  it('takes the documented extremes: polling off, no drift checks, a 10 ms interval', async () => {
    made = createGrantkit({ providers, scheduler: { pollMs: 0, driftChecks: 0, intervalMs: 10, batchSize: 1, concurrency: 1 } });
    made.startScheduler();
    await made.stop();
  });
});
