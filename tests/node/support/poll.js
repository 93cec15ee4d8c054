'use strict';
// Polls a condition until it holds or a deadline passes; for the suites' eventual-consistency
// checks, which assert the outcome, never the time it took.

const { setTimeout: sleep } = require('node:timers/promises');

/**
 * Calls `probe` (sync or async) every `intervalMs` until it returns a truthy value, and returns
 * that value; returns the last falsy value once `timeoutMs` has passed.
 */
async function pollUntil(probe, { timeoutMs = 5000, intervalMs = 20 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || Date.now() >= deadline) return value;
    await sleep(intervalMs);
  }
}

module.exports = { pollUntil };
