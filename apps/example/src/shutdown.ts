/**
 * SIGTERM/SIGINT: one stop, run once, then exit 0 — a stop the user asked for is not a failure.
 * The handlers are installed first thing, so a signal during start-up waits for the app to be up
 * and then stops it. A parent such as pnpm forwards the terminal's Ctrl+C once more at once: a
 * repeat within a second is that echo and is ignored; a later one, or 10 s, forces the exit.
 */
import { describeError } from './logger.js';

const ECHO_MS = 1_000;
const FORCE_AFTER_MS = 10_000;

export interface StopSignal {
  /** Sets what the stop does (drain, close); runs it at once if the signal came already. */
  whenReceived(stop: () => Promise<void>): void;
}

export function onStopSignal(): StopSignal {
  let first: number | undefined;
  let action: (() => Promise<void>) | undefined;
  let started = false;
  const run = () => {
    if (started || first === undefined || !action) return;
    started = true;
    action().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Shutdown failed: ${describeError(error)}`);
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      if (Date.now() - first < ECHO_MS) return;
      console.log(`${signal} again: exiting now.`);
      process.exit(1);
    }
    first = Date.now();
    console.log(`${signal} received: finishing requests in flight, stopping the scheduler, closing the store...`);
    setTimeout(() => {
      console.error(`Shutdown took longer than ${FORCE_AFTER_MS / 1000} s; exiting.`);
      process.exit(1);
    }, FORCE_AFTER_MS).unref();
    run();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    whenReceived(stop) {
      action = stop;
      run();
    },
  };
}
