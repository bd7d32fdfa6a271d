/**
 * ENUM-TIMING's comparison of two samples of response times: a password hash's cost on one
 * side tells, jitter alone does not, and a significant but tiny difference does not either.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTimings } from '../../fixtures/response-timing.ts';

/** Deterministic jitter around `base` (a sawtooth of ±`spread` ms). */
const around = (base: number, spread: number, n = 10) => Array.from({ length: n }, (_, i) => base + ((i * 7) % 11) / 10 * spread * 2 - spread);

describe('compareTimings', () => {
  it("tells a hash's cost: every existing-account request slower, p below the significance level", () => {
    const c = compareTimings({ name: 'an existing account', ms: around(60, 5) }, { name: 'an unknown login', ms: around(3, 1) });
    assert.equal(c.tells, true);
    assert.equal(c.slowerName, 'an existing account');
    assert.equal(c.probabilityFirstSlower, 1);
    assert.ok(c.pValue < 0.01, String(c.pValue));
    assert.match(c.summary, /^an existing account: median \d+\.\d ms \(n=10\); an unknown login: median \d+\.\d ms \(n=10\); difference \d+\.\d ms, an existing account slower in 100 % of pairs; Mann–Whitney p < 0\.001$/);
  });

  it('names the faster side when the existing account answers faster (an early return before any hash)', () => {
    const c = compareTimings({ name: 'an existing account', ms: around(30, 3) }, { name: 'an unknown login', ms: around(54, 3) });
    assert.equal(c.tells, true);
    assert.equal(c.slowerName, 'an unknown login');
    assert.ok(c.differenceMs < -20);
    assert.match(c.summary, /an unknown login slower in 100 % of pairs/);
  });

  it('does not tell when both sides are drawn from the same jitter', () => {
    const same = around(62, 8);
    const c = compareTimings({ name: 'a', ms: same }, { name: 'b', ms: [...same].reverse() });
    assert.equal(c.tells, false);
    assert.ok(c.pValue > 0.5, String(c.pValue));
    assert.equal(c.probabilityFirstSlower, 0.5);
  });

  it('does not tell a difference below the negligible bound, however consistent', () => {
    const c = compareTimings({ name: 'a', ms: around(12, 0.5) }, { name: 'b', ms: around(5, 0.5) });
    assert.ok(c.pValue < 0.01);
    assert.equal(c.tells, false, 'a 7-ms difference is within what a network hides');
  });

  it('tells a reset that waits on a hanging mail server from six requests a side, each unanswered one timed at the bound', () => {
    const c = compareTimings({ name: 'an existing account', ms: Array(6).fill(2000) }, { name: 'an unknown login', ms: around(40, 10, 6) });
    assert.equal(c.tells, true);
    assert.ok(c.pValue < 0.01, String(c.pValue));
    assert.equal(c.probabilityFirstSlower, 1);
  });

  it('refuses samples too small to compare', () => {
    assert.throws(() => compareTimings({ name: 'a', ms: [1] }, { name: 'b', ms: [1, 2] }), /too few samples/);
  });
});
